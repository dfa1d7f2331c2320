"""The retention purge: conversations past CARE_FINDER_RETENTION_DAYS are deleted, and the message
texts of those past CARE_FINDER_MESSAGE_TEXT_DAYS blanked (bot/privacy/message_texts.py)."""

import time
from dataclasses import dataclass
from typing import Callable

from bot.privacy.conversations import Deleted, engine_for, purge
from bot.privacy.message_texts import blank_texts
from bot.privacy.settings import conversations_url, message_text_days, retention_days

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class Retained:
    deleted: Deleted
    blanked_events: int


def purge_expired(
    url: Callable[[], str] = conversations_url,
    days: Callable[[], int] = retention_days,
    clock: Callable[[], float] = time.time,
) -> Deleted:
    """Delete what is older than the retention period, counted back from `clock()`."""
    return purge(engine_for(url()), cutoff=clock() - days() * SECONDS_PER_DAY)


def blank_expired_texts(
    url: Callable[[], str] = conversations_url,
    days: Callable[[], int] = message_text_days,
    clock: Callable[[], float] = time.time,
) -> int:
    """Blank the words of what is older than the message text period; the number of events changed."""
    return blank_texts(engine_for(url()), cutoff=clock() - days() * SECONDS_PER_DAY)


def apply_retention() -> Retained:
    """Both, as the hourly schedule and `python -m bot.privacy purge` run them."""
    message_text_days()  # both settings read (a bad one raises) before anything is deleted
    return Retained(deleted=purge_expired(), blanked_events=blank_expired_texts())
