"""Long id lists cut into pieces small enough for one SQL `IN (...)` each, on any database."""

from __future__ import annotations

from typing import Iterator

IDS_PER_LIST = 500


def in_chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), IDS_PER_LIST):
        yield ids[start : start + IDS_PER_LIST]
