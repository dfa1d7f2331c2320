"""The actions' door to the care directory (providers/): one engine, one search per turn.

The directory is only read here, never created: a SQLite file that is missing or holds no service
is reported (DirectoryUnavailable, and a log line saying to run `make directory`) instead of being
created empty. A search that fails because the database does not answer (a restart, a network
blip) is tried once more after a short pause; if it fails again, DirectoryUnavailable.
"""

import logging
import os
import threading
import time
from dataclasses import dataclass
from functools import cache
from typing import Callable, FrozenSet, List, Optional, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from providers.db import count_services, make_engine, update_schema
from providers.geo import locate
from providers.search import Match, find_matches

logger = logging.getLogger(__name__)

ALWAYS_AVAILABLE_LINES = 2
RETRY_PAUSE_ENV = "CARE_FINDER_DIRECTORY_RETRY_SECONDS"
DEFAULT_RETRY_PAUSE_SECONDS = 1.0  # a PostgreSQL restart takes about a second
# What a database that does not answer raises (connection refused or dropped, file gone).
_NOT_ANSWERING = (OperationalError, InterfaceError, DisconnectionError)
T = TypeVar("T")


class DirectoryUnavailable(RuntimeError):
    """The directory cannot be searched now: its database does not answer, or it holds no service."""


@dataclass(frozen=True)
class Page:
    matches: List[Match]
    total: int
    place_label: str
    always_available: str


_opening = threading.Lock()


def _engine() -> Engine:
    """The directory's engine, opened once by the first search: concurrent first searches (threads)
    wait for it rather than each migrating the schema at once (Alembic's context is process-global)."""
    with _opening:
        return _opened_engine()


@cache
def _opened_engine() -> Engine:
    """The engine, once the directory is known to hold services (then migrated to the newest schema).
    Not cached while the directory is missing or empty, so it is found once someone builds it."""
    engine = make_engine(existing=True)
    if not count_services(engine):
        engine.dispose()
        logger.error("The care directory holds no service; build it with `make directory`.")
        raise DirectoryUnavailable("the directory holds no service")
    update_schema(engine)
    return engine


def retry_pause_seconds() -> float:
    """How long to wait before trying a failed search again (kept well under the action's time limit)."""
    return float(os.environ.get(RETRY_PAUSE_ENV) or DEFAULT_RETRY_PAUSE_SECONDS)


def _retried_once(search_once: Callable[[], T]) -> T:
    try:
        return search_once()
    except _NOT_ANSWERING as error:
        logger.warning("The care directory did not answer (%s); trying once more.", type(error).__name__)
    time.sleep(retry_pause_seconds())
    try:
        return search_once()
    except _NOT_ANSWERING as error:
        logger.error(
            "The care directory is unavailable (%s); if it is missing: `make directory`.", type(error).__name__
        )
        raise DirectoryUnavailable(type(error).__name__) from error


def _phone_lines(matches: List[Match]) -> str:
    """The phone lines open around the clock by their source's own word (never a weekday-only line)."""
    lines = [m for m in matches if m.format == "phone" and m.phone and m.distance_miles is None and m.open_24_7]
    return "; ".join(f"{m.name}, {m.phone}" for m in lines[:ALWAYS_AVAILABLE_LINES])


def search(
    location: Optional[str],
    care_type: Optional[str],
    preferences: FrozenSet[str],
    limit: int,
    offset: int,
    patient: FrozenSet[str] = frozenset(),
) -> Page:
    """Matches for a patient; `location` None means "anywhere in California" (phone and online).
    `patient`: the groups they are known to belong to ("postpartum"...), so programs they cannot use are left out.

    The first page also names the phone lines that are always available (later pages don't show them).
    Raises DirectoryUnavailable when the directory cannot be searched (after one retry).
    """
    place = locate(location) if location else None

    def search_once() -> Page:
        with Session(_engine(), future=True) as session:
            result = find_matches(session, place, care_type, preferences, limit, offset, patient=patient)
            always_available = ""
            if offset == 0:
                lines = find_matches(session, None, care_type, frozenset({"virtual"}), 10, 0, patient=patient)
                always_available = _phone_lines(lines.matches)
        return Page(
            matches=result.matches,
            total=result.total,
            place_label=place.label if place else "",
            always_available=always_available,
        )

    return _retried_once(search_once)
