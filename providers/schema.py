"""The directory's schema, kept by Alembic migrations (providers/migrations/versions/).

Every entry point brings a database to the newest revision before using it: `upgrade` adds the
tables and columns a newer version needs and keeps the rows. A directory built before migrations
existed has no `alembic_version` table; it is adopted at the revision whose tables it holds, then
upgraded from there. Alembic is configured here, in code: there is no alembic.ini.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "head"
# The tables (and "table.column"s) each revision created, oldest first: an unversioned directory is
# stamped at the newest revision whose items, and those of the revisions before it, are all there.
_TABLES_BY_REVISION = (
    (
        "0001",
        {
            "organization",
            "service",
            "location",
            "address",
            "service_at_location",
            "service_area",
            "phone",
            "language",
            "attribute",
        },
    ),
    ("0002", {"schedule", "cost_option", "search_point", "search_index_state"}),
    ("0003", {"service.verified_how"}),
)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the directory; `connection` is the database env.py migrates."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    # A new revision is written in the project's style (ruff, as `make lint` checks it).
    ruff = Path(sys.executable).parent / "ruff"
    config.set_section_option("post_write_hooks", "hooks", "fix, format")
    for hook, options in (("fix", "check --fix --quiet"), ("format", "format --quiet")):
        config.set_section_option("post_write_hooks", f"{hook}.type", "exec")
        config.set_section_option("post_write_hooks", f"{hook}.executable", str(ruff))
        config.set_section_option("post_write_hooks", f"{hook}.options", f"{options} REVISION_SCRIPT_FILENAME")
    return config


def current(engine: Engine) -> str | None:
    """The revision the directory is at (None: not migrated yet)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def adopted_revision(connection: Connection) -> str | None:
    """The revision an unversioned directory was built at (None: nothing there, or already versioned)."""
    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    if "alembic_version" in tables:
        return None
    present = tables | {f"{table}.{column['name']}" for table in tables for column in inspector.get_columns(table)}
    adopted, needed = None, set()
    for revision, created in _TABLES_BY_REVISION:
        needed |= created
        if not needed <= present:
            break
        adopted = revision
    return adopted


def upgrade(engine: Engine, revision: str = HEAD) -> None:
    """Bring the directory to `revision` (default: the newest), adopting a directory built without
    migrations first. One transaction: a failing migration leaves the database as it was."""
    with engine.begin() as connection:
        config = alembic_config(connection)
        adopted = adopted_revision(connection)
        if adopted:
            command.stamp(config, adopted)
        command.upgrade(config, revision)


def new_revision(message: str) -> Path:
    """Write the next revision: what changed in providers/models.py since the newest revision, as
    found by comparing the models with a scratch database migrated to head. Review it before use."""
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'head.db'}", future=True)
        upgrade(engine)
        with engine.begin() as connection:
            config = alembic_config(connection)
            head = ScriptDirectory.from_config(config).get_current_head()
            script = command.revision(config, message, autogenerate=True, rev_id=f"{int(head) + 1:04d}")
        engine.dispose()
    return Path(script.path)
