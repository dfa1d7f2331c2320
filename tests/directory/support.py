"""Helpers for the directory tests: minimal valid seed rows and a CSV writer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import zipcodes
from sqlalchemy import func, select

from providers.db import REPO_ROOT
from providers.importers.seed import COLUMNS, LATER_COLUMNS
from providers.models import Service
from providers.staff import describe

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"  # the one service of the HSDS example
HSDS_SERVICE = f"hsds-{SERVICE_ID}"  # its id in the directory

_VALID = dict(
    name="Test service",
    description="A test service.",
    care_types="postpartum",
    county="Los Angeles",
    phone="818-555-0100",
    source_url="https://example.org/source",
    source_date="2025-01-01",
    verified="no",
)


def seed_row(id: str, **fields: str) -> dict[str, str]:
    """A valid seed row with `fields` overriding the defaults."""
    return {"id": id, **_VALID, **fields}


def write_seed(path: Path, rows: list[dict[str, str]]) -> Path:
    return write_csv(path, COLUMNS + LATER_COLUMNS, rows)


def zip_point(zip_code: str) -> tuple[float, float]:
    """The ZIP's centre straight from the zipcodes data, independent of providers.geo."""
    (row,) = zipcodes.matching(zip_code)
    return float(row["lat"]), float(row["long"])


SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


def shared(relative: str) -> Path:
    """A file of ../shared/data; the test is skipped, saying so, when that folder is not beside the repo."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data sits beside the repo in CI and on staff machines")
    return path


def edit(folder: Path, table: str, **changes: str) -> None:
    """Change every row of one CSV of a datapackage."""
    columns, rows = read_csv(folder / f"{table}.csv")
    write_csv(folder / f"{table}.csv", columns, [{**row, **changes} for row in rows])


def add_row(folder: Path, table: str, **values: str) -> None:
    """Append one row to a CSV of a datapackage (columns it does not give are empty)."""
    columns, rows = read_csv(folder / f"{table}.csv")
    write_csv(folder / f"{table}.csv", columns, [*rows, values])


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def write_csv(path: Path, columns, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows({column: row.get(column, "") for column in columns} for row in rows)
    return path


def shown(sessions, service_id: str = HSDS_SERVICE) -> dict:
    """What `python -m providers show` holds for one service."""
    with sessions() as session:
        return describe(session.get(Service, service_id))


def count(sessions, table) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(table))
