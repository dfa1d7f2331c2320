"""Schedules and cost options as the plain lines staff and the bot show."""

from __future__ import annotations

from datetime import date, time

import pytest

from providers.costs import cost_line
from providers.importers.record import CostOptionRecord, ScheduleRecord
from providers.schedules import schedule_line


@pytest.mark.parametrize(
    "fields, line",
    [
        (
            dict(byday="TU,TH,FR", opens_at=time(10), closes_at=time(18), freq="WEEKLY", interval=1),
            "Tuesday, Thursday, Friday 10:00–18:00 (weekly)",
        ),
        (
            dict(
                byday="TH,FR",
                opens_at=time(10),
                closes_at=time(18),
                freq="WEEKLY",
                description="Closed on public holidays.",
            ),
            "Thursday, Friday 10:00–18:00 (weekly): Closed on public holidays.",
        ),
        (dict(byday="FR,MO,TU,WE", opens_at=time(9, 30), closes_at=time(17)), "Monday–Wednesday, Friday 09:30–17:00"),
        (
            dict(
                byday="1MO,-1FR", opens_at=time(18), closes_at=time(19, 30), freq="MONTHLY", valid_to=date(2025, 6, 30)
            ),
            "first Monday, last Friday 18:00–19:30 (monthly, until 2025-06-30)",
        ),
        (
            dict(byday="WE", opens_at=time(18), freq="WEEKLY", interval=2, valid_from=date(2025, 1, 1)),
            "Wednesday from 18:00 (every 2 weeks, from 2025-01-01)",
        ),
        (
            dict(closes_at=time(12), valid_from=date(2025, 1, 1), valid_to=date(2025, 3, 31)),
            "until 12:00 (2025-01-01 to 2025-03-31)",
        ),
        (dict(description="Drop in any time the library is open."), "Drop in any time the library is open."),
        (dict(), "no times given"),
    ],
)
def test_a_schedule_reads_as_one_plain_line(fields, line):
    assert schedule_line(ScheduleRecord("s1", **fields)) == line


@pytest.mark.parametrize(
    "fields, line",
    [
        (
            dict(
                option="Under 18s and Over 60s",
                currency="GBP",
                amount=35.0,
                amount_description="per 1 hour session",
                valid_from=date(2020, 1, 1),
                valid_to=date(2022, 12, 31),
            ),
            "Under 18s and Over 60s: 35 GBP per 1 hour session (2020-01-01 to 2022-12-31)",
        ),
        (dict(option="Everyone", amount=0.0), "Everyone: free"),
        (dict(currency="USD", amount=12.5, amount_description="per visit"), "$12.50 per visit"),
        (dict(amount=20.0), "20"),
        (dict(option="Sliding scale by income"), "Sliding scale by income"),
        (dict(), "no cost given"),
    ],
)
def test_a_cost_option_reads_as_one_plain_line(fields, line):
    assert cost_line(CostOptionRecord("c1", **fields)) == line
