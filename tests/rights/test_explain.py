"""Patient-facing messages: right content, short enough, and worded only by facts.yml."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.catalog import say
from bot.dialogue.interruptions import OUT_OF_NETWORK
from bot.rights.explain import (
    complaint_messages,
    coverage_keys,
    crisis_reply,
    explain_rights,
)
from bot.rights.facts import FACTS_PATH, load_facts

D = dt.date
REQUESTED = D(2025, 11, 10)  # a Monday; Veterans Day and Thanksgiving follow
TODAY = D(2025, 11, 12)
THERAPIST = "Tuesday, November 25"  # 10 business days
PSYCHIATRIST = "Thursday, December 4"  # 15 business days
MAX_MESSAGE = 480  # about three SMS segments

EXPECTED_DEADLINES = {
    "postpartum": [THERAPIST],
    "post_discharge": [THERAPIST],
    "individual_therapy": [THERAPIST],
    "psychiatry": [PSYCHIATRIST],
    "group_therapy": [THERAPIST],
    "child_teen": [THERAPIST, PSYCHIATRIST],
    "substance_use": [THERAPIST],
    "other": [THERAPIST, PSYCHIATRIST],
}


def test_every_care_type_is_covered_here() -> None:
    assert set(load_facts().care_type_keys()) == set(EXPECTED_DEADLINES)


@pytest.mark.parametrize(("care_type", "deadlines"), EXPECTED_DEADLINES.items())
def test_with_a_date_the_deadline_and_law_are_stated(care_type: str, deadlines: list[str]) -> None:
    messages = explain_rights(care_type, REQUESTED, TODAY)
    first = messages[0]
    assert "HSC §1367.03" in first
    assert "Counting from Monday, November 10" in first
    for deadline in deadlines:
        assert f"by {deadline} (" in first
        assert "days from today" in first
    assert "HSC §1374.72" in messages[1]
    assert "1-888-466-2219" in messages[2]


@pytest.mark.parametrize("care_type", EXPECTED_DEADLINES)
def test_without_a_date_the_rule_is_stated_without_a_deadline(care_type: str) -> None:
    messages = explain_rights(care_type, None, TODAY)
    assert len(messages) == 4
    assert "HSC §1367.03" in messages[0]
    assert "Counting from" not in messages[0]


def test_which_rules_each_care_type_states() -> None:
    assert "10 business days of when you ask and" in explain_rights("child_teen", None, TODAY)[0]
    assert "psychiatrist within 15 business days" in explain_rights("psychiatry", None, TODAY)[0]
    post_discharge = explain_rights("post_discharge", None, TODAY)[0]
    assert "10 business days of your last visit" in post_discharge
    assert "within 48 hours" in post_discharge


@pytest.mark.parametrize(
    ("today", "wording"),
    [
        (D(2025, 11, 24), "by tomorrow, Tuesday, November 25"),
        (D(2025, 11, 25), "by today, Tuesday, November 25"),
        (D(2025, 12, 1), "by Tuesday, November 25 (already passed)"),
        (D(2026, 6, 1), "by Tuesday, November 25, 2025 (already passed)"),
    ],
)
def test_deadline_wording_as_it_nears_and_passes(today: dt.date, wording: str) -> None:
    assert wording in explain_rights("individual_therapy", REQUESTED, today)[0]


def test_spanish() -> None:
    messages = explain_rights("child_teen", REQUESTED, TODAY, lang="es")
    assert "la ley de California (HSC §1367.03)" in messages[0]
    assert "a más tardar el martes 25 de noviembre" in messages[0]
    assert "a más tardar el jueves 4 de diciembre" in messages[0]
    assert "Centro de Ayuda del DMHC" in messages[2]


def test_without_coverage_the_last_message_says_which_plans_the_rules_cover() -> None:
    messages = explain_rights("other", None, TODAY)
    assert "grievance" in messages[2]
    assert "ERISA" in messages[3] and "Medicare" in messages[3] and "1-888-452-8609" in messages[3]


@pytest.mark.parametrize(
    ("coverage", "said", "not_said"),
    [
        ("medi_cal", "1-888-452-8609", "ERISA"),
        ("medicare", "may not apply", "1-888-452-8609"),
        ("job", "self-funded", "1-888-452-8609"),
        ("covered_california", "DMHC Help Center", "ERISA"),
    ],
)
def test_coverage_changes_what_applies(coverage: str, said: str, not_said: str) -> None:
    last = explain_rights("individual_therapy", REQUESTED, TODAY, coverage=coverage)[-1]
    assert said in last and not_said not in last


def test_every_coverage_the_bot_understands_has_advice() -> None:
    from bot.wording import load_content

    assert set(load_content("understanding.yml")["coverage"]) == set(coverage_keys())


def test_a_complaint_drafts_a_grievance_with_the_patients_facts() -> None:
    steps, intro, draft, record = complaint_messages("post_discharge", D(2025, 11, 3), "nothing yet", TODAY)
    assert "1)" in steps and "72 hours" in steps and "1-888-466-2219" in steps
    assert "care after a psychiatric hospital stay, canceled on Monday, November 3" in draft
    assert "offered: nothing yet" in draft and "HSC §1374.72" in draft
    assert "passed" not in draft and "That deadline is Tuesday, November 18." in draft
    assert "Keep a record" in record
    short = complaint_messages("postpartum", None, "a waitlist", TODAY, short=True)[2]
    assert len(short) <= 320 and "recently" in short and "a waitlist" in short
    late = complaint_messages("psychiatry", D(2025, 10, 1), "nothing", TODAY)[2]
    assert "it has passed" in late


def test_a_strike_is_mentioned_only_while_one_is_active(
    facts_copy: Callable[[Callable[[dict[str, Any]], None]], Path],
) -> None:
    assert not any("strike" in m for m in explain_rights("postpartum", REQUESTED, TODAY))

    def activate(doc: dict[str, Any]) -> None:
        doc["strike"].update(active=True, ended=None)

    facts = load_facts(facts_copy(activate))
    messages = explain_rights("postpartum", REQUESTED, TODAY, facts=facts)
    assert len(messages) == 5
    assert "strike at Kaiser Permanente in Southern California" in messages[1]
    assert "huelga" in explain_rights("postpartum", None, TODAY, lang="es", facts=facts)[1]


def test_unknown_care_type() -> None:
    with pytest.raises(KeyError):
        explain_rights("dentist", None, TODAY)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_crisis_reply_gives_911_988_the_maternal_hotline_and_the_crisis_text_line(lang: str) -> None:
    full = crisis_reply(lang)
    assert "911" in full and "988" in full and "741741" in full
    assert "1-833-TLC-MAMA (1-833-852-6262)" in full
    short = crisis_reply(lang, channel="sms")
    assert all(number in short for number in ("911", "988", "1-833-852-6262", "741741"))
    emergency = crisis_reply(lang, urgency="emergency")
    assert "911" in emergency and "988" in emergency


def _everything_said(facts_path: Path) -> Iterator[str]:
    """Every message for every care type, coverage, language, deadline state and strike setting,
    and every complaint helper message (the drafted grievance is a letter: its length is not
    bounded by SMS, except the short draft)."""
    facts = load_facts(facts_path)
    for lang in ("en", "es"):
        yield from (crisis_reply(lang, urgency=urgency, facts=facts) for urgency in ("crisis", "emergency"))
        yield say(OUT_OF_NETWORK, lang, facts=facts).text
        for care_type in facts.care_type_keys():
            for days_ago in [None, *range(0, 400, 3)]:
                start = None if days_ago is None else TODAY - dt.timedelta(days=days_ago)
                yield from explain_rights(care_type, start, TODAY, lang, facts=facts)
                steps, intro, _, record = complaint_messages(care_type, start, "nothing yet", TODAY, lang, facts=facts)
                yield from (steps, intro, record)
                yield complaint_messages(care_type, start, "nothing yet", TODAY, lang, short=True, facts=facts)[2]
            for coverage in coverage_keys(facts=facts):  # the coverage text does not depend on the date
                yield from explain_rights(care_type, TODAY, TODAY, lang, coverage, facts=facts)


def test_the_full_grievance_letter_says_only_what_facts_yml_holds() -> None:
    letter = complaint_messages("child_teen", TODAY, "nothing yet", TODAY)[2]
    facts_text = FACTS_PATH.read_text(encoding="utf-8").lower()
    assert not [token for token in PHONE.findall(letter) + WEB.findall(letter) if token.lower() not in facts_text]


@pytest.fixture(scope="module")
def said(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    active = tmp_path_factory.mktemp("strike") / "facts.yml"
    text = FACTS_PATH.read_text(encoding="utf-8")
    text = text.replace("  active: false", "  active: true")
    active.write_text(text.replace("  ended: 2025-05-04", "  ended: null"), encoding="utf-8")
    assert load_facts(active).strike().active
    return [*_everything_said(FACTS_PATH), *_everything_said(active)]


def test_every_message_is_short(said: list[str]) -> None:
    too_long = [m for m in said if len(m) > MAX_MESSAGE]
    assert not too_long, too_long[0]


PHONE = re.compile(
    # 1-888-466-2219, 1-833-TLC-MAMA
    r"(?<![\w-])(?:1-)?(?:\d{3}|[A-Z]{3})-(?:\d{3}|[A-Z]{3})-(?:\d{4}|[A-Z]{4})(?![\w-])"
    r"|(?<![\w§.-])\d{3}(?![\w-]|\.\d)"  # 911, 988 (not part of §1367.03)
    r"|(?<![\w-])\d{5,6}(?![\w-])"  # text short codes: 741741
)
WEB = re.compile(r"\b(?:https?://)?(?:[\w-]+\.)+(?:gov|org|com|net)\b[\w/?=&.-]*", re.IGNORECASE)


def test_every_phone_number_and_web_address_said_is_in_the_facts_file(said: list[str]) -> None:
    facts_text = FACTS_PATH.read_text(encoding="utf-8").lower()
    found = {token.rstrip(".").lower() for message in said for token in PHONE.findall(message) + WEB.findall(message)}
    assert {"988", "911", "741741", "1-888-466-2219", "www.healthhelp.ca.gov"} <= found
    assert not sorted(token for token in found if token not in facts_text)


def test_no_rights_wording_phone_number_or_law_is_written_in_python() -> None:
    suspicious = re.compile(r"§|\bHSC\b|\bCCR\b|\bSB \d|https?://\w|\d{3}-\d{4}|\b(988|911)\b")
    for module in (Path(__file__).parents[2] / "bot" / "rights").glob("*.py"):
        hits = suspicious.findall(module.read_text(encoding="utf-8"))
        assert not hits, f"{module.name}: {hits}"
