"""Every directory test runs on a fresh SQLite file and, when PostgreSQL can be started here, on a
fresh PostgreSQL database too (a throwaway cluster started once per test run)."""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import Callable, Iterator

import pytest
from sqlalchemy.orm import sessionmaker

from providers.db import create_schema, make_engine, session_factory
from providers.importers.report import ImportReport
from providers.importers.seed import SEED_PATH, import_seed

from .postgres import ClusterUnavailable, throwaway_cluster


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    try:
        with throwaway_cluster() as url:
            yield url
    except ClusterUnavailable as reason:
        pytest.skip(str(reason))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'directory.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(f"{server}/postgres").execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    yield f"{server}/{name}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture
def sessions(db_url: str) -> sessionmaker:
    engine = make_engine(db_url)
    create_schema(engine)
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
