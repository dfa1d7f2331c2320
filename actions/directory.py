"""The actions' door to the care directory (providers/): one engine, one search per turn."""

from dataclasses import dataclass
from functools import cache
from typing import FrozenSet, List, Optional

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from providers.db import create_schema, has_schema, make_engine
from providers.geo import locate
from providers.search import Match, find_matches

ALWAYS_AVAILABLE_LINES = 2


@dataclass(frozen=True)
class Page:
    matches: List[Match]
    total: int
    place_label: str
    always_available: str


@cache
def _engine() -> Engine:
    engine = make_engine()
    if has_schema(engine):  # a directory built by an older version gets its new tables and search index now
        create_schema(engine)
    return engine


def _phone_lines(matches: List[Match]) -> str:
    lines = [m for m in matches if m.format == "phone" and m.phone and m.distance_miles is None]
    return "; ".join(f"{m.name}, {m.phone}" for m in lines[:ALWAYS_AVAILABLE_LINES])


def search(
    location: Optional[str], care_type: Optional[str], preferences: FrozenSet[str], limit: int, offset: int
) -> Page:
    """Matches for a patient; `location` None means "anywhere in California" (phone and online).

    The first page also names the phone lines that are always available (later pages don't show them).
    """
    place = locate(location) if location else None
    with Session(_engine(), future=True) as session:
        result = find_matches(session, place, care_type, preferences, limit=limit, offset=offset)
        always_available = ""
        if offset == 0:
            lines = find_matches(session, None, care_type, frozenset({"virtual"}), limit=10, offset=0)
            always_available = _phone_lines(lines.matches)
    return Page(
        matches=result.matches,
        total=result.total,
        place_label=place.label if place else "",
        always_available=always_available,
    )
