"""Appointment deadlines across weekends and California state holidays."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.rights.deadlines import Standard, appointment_deadline, describe_deadline

D = dt.date
TEN = Standard(business_days=10)
FIFTEEN = Standard(business_days=15)
CALIFORNIA = holidays.country_holidays("US", subdiv="CA")


@pytest.mark.parametrize(
    ("start", "standard", "due", "why"),
    [
        (D(2025, 10, 3), TEN, D(2025, 10, 17), "weekends; not Columbus Day"),
        (D(2025, 10, 4), TEN, D(2025, 10, 17), "a Saturday request counts from Monday"),
        (D(2025, 10, 5), TEN, D(2025, 10, 17), "a Sunday request counts from Monday"),
        (D(2025, 11, 26), TEN, D(2025, 12, 12), "Thanksgiving and the day after"),
        (D(2024, 11, 25), TEN, D(2024, 12, 11), "Thanksgiving and the day after, 2024"),
        (D(2025, 12, 22), TEN, D(2026, 1, 7), "Christmas and New Year's Day"),
        (D(2026, 12, 30), TEN, D(2027, 1, 14), "New Year's Day on a Friday"),
        (D(2025, 3, 28), TEN, D(2025, 4, 14), "Cesar Chavez Day on a Monday"),
        (D(2024, 3, 29), TEN, D(2024, 4, 15), "Cesar Chavez Day on Sunday, observed Monday"),
        (D(2025, 11, 10), TEN, D(2025, 11, 25), "Veterans Day"),
        (D(2025, 11, 10), FIFTEEN, D(2025, 12, 4), "Veterans Day and Thanksgiving, psychiatrist"),
        (D(2025, 11, 28), Standard(hours=48), D(2025, 11, 30), "urgent: clock hours"),
        (D(2025, 11, 28), Standard(hours=96), D(2025, 12, 2), "urgent with prior approval"),
    ],
)
def test_appointment_deadline(start: dt.date, standard: Standard, due: dt.date, why: str) -> None:
    assert appointment_deadline(start, standard) == due, why


def test_holiday_calendar_has_the_california_holidays() -> None:
    for day in (D(2025, 3, 31), D(2025, 11, 11), D(2025, 11, 27), D(2025, 11, 28), D(2025, 12, 25), D(2026, 1, 1)):
        assert day in CALIFORNIA, day


@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)),
    business_days=st.integers(min_value=1, max_value=30),
)
def test_business_day_deadline_is_that_many_business_days_later(start: dt.date, business_days: int) -> None:
    due = appointment_deadline(start, Standard(business_days=business_days))

    def is_business_day(day: dt.date) -> bool:
        return day.weekday() < 5 and day not in CALIFORNIA

    assert due > start
    assert is_business_day(due)
    days_between = (start + dt.timedelta(days=n) for n in range(1, (due - start).days + 1))
    assert sum(map(is_business_day, days_between)) == business_days


@pytest.mark.parametrize(
    ("today", "passed", "days_left"),
    [(D(2025, 11, 20), False, 5), (D(2025, 11, 25), False, 0), (D(2025, 11, 26), True, -1)],
)
def test_describe_deadline(today: dt.date, passed: bool, days_left: int) -> None:
    deadline = describe_deadline(D(2025, 11, 10), TEN, today)
    assert deadline.due == D(2025, 11, 25)
    assert (deadline.passed, deadline.days_left) == (passed, days_left)


@pytest.mark.parametrize("limits", [{}, {"business_days": 10, "hours": 48}, {"business_days": 0}, {"hours": -1}])
def test_standard_needs_exactly_one_positive_limit(limits: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        Standard(**limits)
