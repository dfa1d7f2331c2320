"""Every directory test runs on a fresh SQLite file and, when PostgreSQL can be started here, on a
fresh PostgreSQL database too (a throwaway cluster started once per test run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest
from sqlalchemy.orm import sessionmaker

from providers.db import REPO_ROOT, make_engine, session_factory, update_schema
from providers.importers.report import ImportReport
from providers.importers.seed import SEED_PATH, import_seed

from .postgres import throwaway_database
from .support import edit, shared


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'directory.db'}"
        return
    with throwaway_database(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture
def sessions(db_url: str) -> sessionmaker:
    engine = make_engine(db_url)
    update_schema(engine)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def load(sessions: sessionmaker) -> Callable[..., ImportReport]:
    """Load a seed CSV (default: the project's seed) in its own transaction."""

    def run(path: Path = SEED_PATH) -> ImportReport:
        return in_transaction(sessions, import_seed, path)

    return run


def in_transaction(sessions: sessionmaker, importer: Callable[..., ImportReport], *args) -> ImportReport:
    with sessions.begin() as session:
        return importer(session, *args)


@pytest.fixture
def cli(db_url):
    """Run `python -m providers ...` on the test's database."""

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "providers", *args],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "DATABASE_URL": db_url},
        )

    return run


@pytest.fixture
def californian(tmp_path) -> Path:
    """The HSDS example with a dialable US phone and a Woodland Hills address, its point left invalid."""
    folder = tmp_path / "hsds"
    shutil.copytree(shared("hsds-3.0-examples"), folder, symlinks=True)
    edit(folder, "phones", number="(818) 555-0100")
    edit(folder, "addresses", postal_code="91367", city="Woodland Hills", state_province="CA")
    return folder
