"""Helpers for the directory tests: minimal valid seed rows and a CSV writer."""
from __future__ import annotations

import csv
from pathlib import Path

import zipcodes

from providers.seed_loader import COLUMNS

_VALID = dict(
    name="Test service", description="A test service.", care_types="postpartum", county="Los Angeles",
    phone="818-555-0100", source_url="https://example.org/source", source_date="2025-01-01", verified="no",
)


def seed_row(id: str, **fields: str) -> dict[str, str]:
    """A valid seed row with `fields` overriding the defaults."""
    return {"id": id, **_VALID, **fields}


def write_seed(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in COLUMNS})
    return path


def zip_point(zip_code: str) -> tuple[float, float]:
    """The ZIP's centre straight from the zipcodes data, independent of providers.geo."""
    (row,) = zipcodes.matching(zip_code)
    return float(row["lat"]), float(row["long"])
