"""When a plan must offer an appointment, as a date: pure functions over a standard.

Business days skip weekends and California state holidays, taken from the maintained
`holidays` calendar (US, subdivision CA), not from a hand-written list.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

import holidays


@dataclass(frozen=True)
class Standard:
    """A timely-access limit: either business days or clock hours, never both."""

    business_days: int | None = None
    hours: int | None = None

    def __post_init__(self) -> None:
        limits = [limit for limit in (self.business_days, self.hours) if limit is not None]
        if len(limits) != 1 or limits[0] < 1:
            raise ValueError(f"a standard needs exactly one positive limit, got {self}")


@dataclass(frozen=True)
class Deadline:
    """`days_left` counts calendar days from today; it is negative once the date has passed."""

    due: dt.date
    passed: bool
    days_left: int


@lru_cache(maxsize=1)
def _california_calendar() -> holidays.HolidayBase:
    return holidays.country_holidays("US", subdiv="CA")


def appointment_deadline(start: dt.date, standard: Standard) -> dt.date:
    """The last day on which the plan may offer the appointment.

    Hours run on the clock, weekends included. The time of the request is unknown, so
    48 hours from a day ends on the same weekday two days later.
    """
    if standard.hours is not None:
        return start + dt.timedelta(days=math.ceil(standard.hours / 24))
    return _california_calendar().get_nth_working_day(start, standard.business_days)


def describe_deadline(start: dt.date, standard: Standard, today: dt.date) -> Deadline:
    due = appointment_deadline(start, standard)
    return Deadline(due=due, passed=due < today, days_left=(due - today).days)
