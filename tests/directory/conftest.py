from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy.orm import sessionmaker

from providers.db import create_schema, make_engine, session_factory
from providers.seed_loader import SEED_PATH, LoadReport, load_seed


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'directory.db'}"


@pytest.fixture
def sessions(db_url: str) -> sessionmaker:
    engine = make_engine(db_url)
    create_schema(engine)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def load(sessions: sessionmaker) -> Callable[..., LoadReport]:
    """Load a seed CSV (default: the project's seed) in its own transaction."""
    def run(path: Path = SEED_PATH) -> LoadReport:
        with sessions.begin() as session:
            return load_seed(session, path)
    return run
