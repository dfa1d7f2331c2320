"""Where the directory lives: the database URL, the engine, the schema and sessions."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker

from providers import search_index
from providers.models import Base

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = REPO_ROOT / "var" / "directory.db"


def database_url() -> str:
    """`DATABASE_URL` from the environment, else the embedded SQLite file under `var/`."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database URL; None for an in-memory database or another database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database)
    return None


def prepare_location(url: str) -> None:
    """Create the folder of a SQLite file (var/ in a fresh clone); other databases need nothing."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: `database_url()`); creates a SQLite file's folder if needed.
    A pooled connection is checked before use: after a database restart the next search reconnects
    instead of failing on a connection the server has dropped."""
    url = url or database_url()
    prepare_location(url)
    return create_engine(url, future=True, pool_pre_ping=True)


def create_schema(engine: Engine) -> None:
    """Create missing tables and bring the derived search index up to date."""
    Base.metadata.create_all(engine)
    search_index.ensure_current(engine)


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("service")


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, future=True)
