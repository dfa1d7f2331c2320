"""Tracker store databases for the privacy tests: a fresh SQLite file and, when PostgreSQL can be
started here, a fresh PostgreSQL database (the production set-up)."""

from pathlib import Path
from typing import Iterator

import pytest

from tests.directory.postgres import throwaway_database


@pytest.fixture(params=["sqlite", "postgresql"])
def conversations_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'var' / 'conversations.db'}"
        return
    with throwaway_database(request.getfixturevalue("postgres_server")) as url:
        yield url
