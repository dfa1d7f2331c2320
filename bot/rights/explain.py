"""Short patient-facing messages about rights and crisis lines, worded only by facts.yml.

This module decides which texts to say and fills in dates; every word of rights,
every phone number and every law comes from the facts file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from babel.dates import format_date

from bot.catalog import say
from bot.rights.deadlines import Deadline, describe_deadline
from bot.rights.facts import CareType, Facts, load_facts
from bot.rights.schema import LANGUAGES

_NEAR_DAYS = 180  # a date further from today than this is shown with its year
UNSURE_COVERAGE = "not_sure"


def explain_rights(
    care_type: str,
    canceled_on: dt.date | None,
    today: dt.date,
    lang: str = "en",
    coverage: str | None = None,
    *,
    facts: Facts | None = None,
) -> list[str]:
    """4 or 5 messages: what the plan must do and by when, out-of-network care, complaints,
    and which of these rules apply to the patient's coverage (`coverage_keys()`; None: not sure).

    A strike is mentioned only while facts.yml marks one active. Raises KeyError for an
    unknown care type or coverage.
    """
    facts = facts or load_facts()
    care = facts.care_type(care_type)
    messages = [_what_the_plan_must_do(facts, care, canceled_on, today, lang)]
    if facts.strike().active:
        messages.append(_text(facts, "during_strike.notice", lang))
    messages.append(_text(facts, "out_of_network.how_to_ask", lang))
    messages.append(_text(facts, "complaints.route", lang))
    messages.append(_text(facts, f"coverage.{coverage or UNSURE_COVERAGE}", lang))
    return messages


def coverage_keys(*, facts: Facts | None = None) -> tuple[str, ...]:
    """The ways of being covered that facts.yml has advice for."""
    return (facts or load_facts()).keys("coverage.say")


def complaint_messages(
    care_type: str,
    canceled_on: dt.date | None,
    offered: str,
    today: dt.date,
    lang: str = "en",
    short: bool = False,
    *,
    facts: Facts | None = None,
) -> list[str]:
    """The complaint steps, a drafted grievance with the patient's facts, and a record checklist.

    `short` drafts a grievance that fits in a few text messages; otherwise a complete letter.
    """
    facts = facts or load_facts()
    care = facts.care_type(care_type)
    standard = care.standards[0]
    when, deadline = _text(facts, "complaints.draft_when_unknown", lang), ""
    if canceled_on is not None:
        when = _text(facts, "complaints.draft_when_known", lang, day=_day(facts, canceled_on, today, lang))
        due = describe_deadline(canceled_on, facts.standard(standard), today)
        status = "draft_deadline_passed" if due.passed else "draft_deadline_ahead"
        deadline = _text(facts, f"complaints.{status}", lang, deadline=_day(facts, due.due, today, lang))
    draft = _text(
        facts,
        f"complaints.{'draft_short' if short else 'draft_full'}",
        lang,
        care=_text(facts, f"care_types.{care.key}.label", lang),
        when=when,
        offered=offered,
        deadline=deadline,
        rules=_standard_text(facts, standard, "rule", lang),
    )
    return [
        _text(facts, "complaints.steps", lang),
        _text(facts, "complaints.draft_intro", lang),
        " ".join(draft.split()),
        _text(facts, "complaints.keep_a_record", lang),
    ]


def crisis_reply(lang: str = "en", *, urgency: str = "crisis", channel: str = "web", facts: Facts | None = None) -> str:
    """The crisis reply: `urgency` "crisis" or "emergency", `channel` "web" or "sms"."""
    return say(f"crisis.{urgency}.{channel}", lang, facts=facts).text


def _text(facts: Facts, key: str, lang: str, **values: object) -> str:
    """A text of the catalog, said from `facts` (facts.yml, or a test's copy)."""
    return say(key, lang, facts=facts, **values).text


def _what_the_plan_must_do(facts: Facts, care: CareType, start: dt.date | None, today: dt.date, lang: str) -> str:
    rules = _pair(facts, [_standard_text(facts, key, "rule", lang) for key in care.standards], lang)
    care_label = _text(facts, f"care_types.{care.key}.label", lang)
    parts = [_text(facts, "rights.rule", lang, care=care_label, rules=rules)]
    if start is not None:
        deadlines = [
            _due(facts, key, describe_deadline(start, facts.standard(key), today), today, lang)
            for key in care.standards
        ]
        parts.append(
            _text(
                facts,
                "rights.counting",
                lang,
                start=_day(facts, start, today, lang),
                deadlines=_pair(facts, deadlines, lang),
            )
        )
    if care.has_note:
        parts.append(_text(facts, f"care_types.{care.key}.note", lang))
    return " ".join(parts)


def _standard_text(facts: Facts, key: str, field: str, lang: str) -> str:
    """A standard's `who` or `rule` text, with its own limit filled in."""
    return _text(facts, f"standards.{key}.{field}", lang, **asdict(facts.standard(key)))


def _due(facts: Facts, key: str, deadline: Deadline, today: dt.date, lang: str) -> str:
    if deadline.passed:
        status = "due_passed"
    else:
        status = {0: "due_today", 1: "due_tomorrow"}.get(deadline.days_left, "due_ahead")
    return _text(
        facts,
        f"rights.{status}",
        lang,
        who=_standard_text(facts, key, "who", lang),
        deadline=_day(facts, deadline.due, today, lang),
        days_left=deadline.days_left,
    )


def _pair(facts: Facts, items: list[str], lang: str) -> str:
    """One item as is; two joined the way the language joins them (the schema allows two)."""
    if len(items) == 1:
        return items[0]
    first, second = items
    return _text(facts, "formats.pair", lang, first=first, second=second)


def _day(facts: Facts, day: dt.date, today: dt.date, lang: str) -> str:
    """Format as "Monday, December 1", with the year unless the day is this year and near."""
    near = day.year == today.year and abs((day - today).days) <= _NEAR_DAYS
    pattern = _text(facts, "formats.date" if near else "formats.date_with_year", lang)
    return format_date(day, pattern, locale=lang if lang in LANGUAGES else "en")
