"""Where the directory lives: the database URL, the engine, the schema and sessions."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, inspect, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker

from providers import schema, search_index
from providers.models import Service

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


# PostgreSQL: how long a connection attempt may wait for an unreachable server (seconds), so that
# a search and its one retry still answer within the action's time limit.
CONNECT_TIMEOUT_SECONDS = 3


def make_engine(url: str | None = None, *, existing: bool = False) -> Engine:
    """An engine for `url` (default: `database_url()`); creates a SQLite file's folder if needed.
    A pooled connection is checked before use: after a database restart the next search reconnects
    instead of failing on a connection the server has dropped.

    `existing`: a SQLite file that is not there is an error when connecting (sqlite3.OperationalError)
    instead of being created empty; the bot reads the directory that `providers build` made.
    """
    url = url or database_url()
    options: dict[str, Any] = {"future": True, "pool_pre_ping": True}
    path = sqlite_file(url)
    if make_url(url).get_backend_name() == "postgresql":
        options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    if existing and path is not None:
        options["creator"] = lambda: sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)
    else:
        prepare_location(url)
    return create_engine(url, **options)


def update_schema(engine: Engine) -> None:
    """Migrate to the newest schema (providers/schema.py) and bring the derived search index up to date."""
    schema.upgrade(engine)
    search_index.ensure_current(engine)


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("service")


def count_services(engine: Engine) -> int:
    """How many services the directory holds; 0 when it has no tables yet."""
    if not has_schema(engine):
        return 0
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Service.__table__))


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, future=True)
