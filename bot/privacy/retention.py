"""The retention purge: conversations past CARE_FINDER_RETENTION_DAYS are deleted."""

import time
from typing import Callable

from bot.privacy.conversations import Deleted, engine_for, purge
from bot.privacy.settings import conversations_url, retention_days

SECONDS_PER_DAY = 86_400


def purge_expired(
    url: Callable[[], str] = conversations_url,
    days: Callable[[], int] = retention_days,
    clock: Callable[[], float] = time.time,
) -> Deleted:
    """Delete what is older than the retention period, counted back from `clock()`."""
    return purge(engine_for(url()), cutoff=clock() - days() * SECONDS_PER_DAY)
