"""Today's date in California, overridable for staff rehearsals and tests (CARE_FINDER_TODAY)."""

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

PLAN_TIMEZONE = ZoneInfo("America/Los_Angeles")


def today() -> date:
    """The patient's calendar day: deadlines are counted in California time."""
    override = os.environ.get("CARE_FINDER_TODAY")
    if override:
        return date.fromisoformat(override)
    return datetime.now(PLAN_TIMEZONE).date()
