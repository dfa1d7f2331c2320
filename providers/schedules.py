"""A schedule as one short plain-English line (`python -m providers show`).

"Thursday, Friday 10:00–18:00 (weekly): The service is not available on public holidays."
"first Monday, last Friday 18:00–19:30 (monthly, until 2025-06-30)"
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Protocol

DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_ORDER = list(DAYS)
_ORDINALS = {
    "1": "first",
    "2": "second",
    "3": "third",
    "4": "fourth",
    "5": "fifth",
    "-1": "last",
    "-2": "second to last",
}
_DAY = re.compile(r"([+-]?\d)?([A-Z]{2})")
_UNITS = {"WEEKLY": ("weekly", "weeks"), "MONTHLY": ("monthly", "months")}


class ScheduleLike(Protocol):
    """A `models.Schedule` or an importer's `ScheduleRecord`."""

    valid_from: date | None
    valid_to: date | None
    freq: str | None
    interval: int | None
    byday: str | None
    opens_at: time | None
    closes_at: time | None
    description: str | None


def schedule_line(schedule: ScheduleLike) -> str:
    """Days, hours, (how often, when valid), then the source's description after a colon."""
    when = " ".join(part for part in (days(schedule.byday), hours(schedule.opens_at, schedule.closes_at)) if part)
    extra = ", ".join(
        part
        for part in (frequency(schedule.freq, schedule.interval), period(schedule.valid_from, schedule.valid_to))
        if part
    )
    rule = " ".join(part for part in (when, extra and f"({extra})") if part)
    return ": ".join(part for part in (rule, schedule.description) if part) or "no times given"


def days(byday: str | None) -> str:
    """ "MO,TU,WE,FR" -> "Monday–Wednesday, Friday"; "1MO,-1FR" -> "first Monday, last Friday"."""
    tokens = [_DAY.fullmatch(token.strip().upper()) for token in (byday or "").split(",") if token.strip()]
    known = [token for token in tokens if token and token.group(2) in DAYS]
    if any(token.group(1) for token in known):
        return ", ".join(_nth_day(token) for token in known)
    return ", ".join(_runs(sorted({_ORDER.index(token.group(2)) for token in known})))


def _nth_day(token: re.Match) -> str:
    ordinal = (token.group(1) or "").lstrip("+")
    return f"{_ORDINALS.get(ordinal, ordinal)} {DAYS[token.group(2)]}".strip()


def _runs(indexes: list[int]) -> list[str]:
    """Three or more days in a row become "Monday–Friday"."""
    runs: list[list[int]] = []
    for index in indexes:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    names: list[str] = []
    for run in runs:
        if len(run) >= 3:
            names.append(f"{DAYS[_ORDER[run[0]]]}–{DAYS[_ORDER[run[-1]]]}")
        else:
            names += [DAYS[_ORDER[index]] for index in run]
    return names


def hours(opens_at: time | None, closes_at: time | None) -> str:
    """ "10:00–18:00", "from 10:00", "until 18:00" or ""."""
    return _span(opens_at and f"{opens_at:%H:%M}", closes_at and f"{closes_at:%H:%M}", "–")


def frequency(freq: str | None, interval: int | None) -> str:
    """ "weekly", "every 2 weeks", "monthly"..."""
    if freq not in _UNITS:
        return ""
    adverb, unit = _UNITS[freq]
    return f"every {interval} {unit}" if interval and interval > 1 else adverb


def period(valid_from: date | None, valid_to: date | None) -> str:
    """When something holds: "2025-01-01 to 2025-06-30", "from 2025-01-01", "until 2025-06-30" or ""."""
    return _span(valid_from and valid_from.isoformat(), valid_to and valid_to.isoformat(), " to ")


def _span(start: str | None, end: str | None, between: str) -> str:
    if start and end:
        return f"{start}{between}{end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else ""
