"""The coverage table of docs/directory.md: for each Southern California county seat and each care type,
how far the first match that serves that care is (`python -m providers coverage`).

The first match is what the bot would offer first (an adult patient, no preferences). A match with a
place of its own gives its distance; one offered county-wide, statewide or nationally is named so
("county-wide", "statewide", "national"), with the nearest place that serves the care in brackets.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from providers.geo import zip_place
from providers.search import find_matches
from providers.vocabulary import CARE_TYPES, SOUTHERN_CALIFORNIA, code

TARGET_MILES = 25.0
NONE_FOUND = "none"
_NEAREST_LOOKED_AT = 50  # matches read to find the nearest one with a place, when the first has none


@dataclass(frozen=True)
class Cell:
    first: str  # "3.2 mi", "county-wide", "statewide", "national" or "none"
    nearest_miles: float | None  # the nearest match with a place of its own that serves the care

    def __str__(self) -> str:
        if self.first.endswith(" mi") or self.nearest_miles is None:
            return self.first
        return f"{self.first} ({self.nearest_miles:.1f} mi)"


def coverage(session: Session) -> dict[str, dict[str, Cell]]:
    """county -> care type -> the first match's distance (or reach) for an adult at the county seat."""
    return {
        county: {care: _cell(session, zip_code, care) for care in CARE_TYPES}
        for county, zip_code in SOUTHERN_CALIFORNIA.items()
    }


def _cell(session: Session, zip_code: str, care: str) -> Cell:
    place = zip_place(zip_code)
    matches = find_matches(session, place, care, frozenset(), limit=_NEAREST_LOOKED_AT).matches
    serving = [m for m in matches if code("care", care) in m.reasons]
    if not serving:
        return Cell(NONE_FOUND, None)
    placed = [m.distance_miles for m in serving if m.distance_miles is not None]
    nearest = min(placed) if placed else None
    first = serving[0]
    if first.distance_miles is not None:
        return Cell(f"{first.distance_miles:.1f} mi", nearest)
    area = next(r for r in first.reasons if r.startswith("area:"))
    return Cell({"area:county": "county-wide"}.get(area, area.removeprefix("area:")), nearest)


def markdown(table: dict[str, dict[str, Cell]]) -> str:
    """The table as Markdown, a county a row, with how many cells meet the target."""
    cares = list(CARE_TYPES)
    lines = [
        "| county (ZIP) | " + " | ".join(cares) + " |",
        "| --- | " + " | ".join("---" for _ in cares) + " |",
    ]
    for county, cells in table.items():
        row = [str(cells[care]) for care in cares]
        lines.append(f"| {county} ({SOUTHERN_CALIFORNIA[county]}) | " + " | ".join(row) + " |")
    cells = [cell for row in table.values() for cell in row.values()]
    served = [cell for cell in cells if cell.first != NONE_FOUND]
    close = [cell for cell in served if cell.nearest_miles is not None and cell.nearest_miles <= TARGET_MILES]
    lines.append("")
    lines.append(
        f"{len(close)} of {len(cells)} county-and-care cells have a match with a place within "
        f"{TARGET_MILES:g} miles; {len(cells) - len(served)} have no match at all."
    )
    return "\n".join(lines)
