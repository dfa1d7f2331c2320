"""The directory's schema migrations (providers/schema.py, providers/migrations/) on SQLite and
PostgreSQL: an older directory with rows in it is brought to the newest schema by `providers build`
(what `make run` and `make directory` run) and keeps its rows; a directory built before migrations
is adopted; the models and the newest migration describe the same schema."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from providers import schema
from providers.db import make_engine
from providers.models import Base

OLD_SERVICE = "old-postpartum-group"
TABLES_ADDED_BY_0002 = {"schedule", "cost_option", "search_point", "search_index_state"}


def _head() -> str:
    return ScriptDirectory.from_config(schema.alembic_config()).get_current_head()


def _fill_the_first_schema(engine: sa.engine.Engine) -> None:
    """One service with its organization, place, phone and care type, written as revision 0001 had them."""
    tables = sa.MetaData()
    tables.reflect(engine)
    rows = {
        "organization": {"id": "org-1", "name": "Valley Parents", "legal_status": "nonprofit"},
        "service": {
            "id": OLD_SERVICE,
            "organization_id": "org-1",
            "name": "Valley New Parents Group",
            "description": "A weekly group for new and expecting parents.",
            "status": "active",
            "source": "seed",
            "source_url": "https://example.org/valley",
            "source_date": "2025-01-01",
            "source_checksum": "0" * 64,
            "imported_at": datetime(2025, 1, 2, tzinfo=timezone.utc),
            "verified_by": "Dana",
        },
        "location": {
            "id": "loc-1",
            "location_type": "physical",
            "latitude": 34.1684,
            "longitude": -118.6059,
            "precision": "zip",
        },
        "address": {
            "id": "adr-1",
            "location_id": "loc-1",
            "postal_code": "91367",
            "state_province": "CA",
            "country": "US",
        },
        "service_at_location": {"id": "sal-1", "service_id": OLD_SERVICE, "location_id": "loc-1"},
        "phone": {"id": "ph-1", "service_id": OLD_SERVICE, "number": "818-555-0100"},
        "attribute": {"id": "at-1", "service_id": OLD_SERVICE, "code": "care:postpartum"},
    }
    with engine.begin() as connection:
        for table, row in rows.items():
            connection.execute(tables.tables[table].insert().values(**row))


def _tables(engine: sa.engine.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def _old_service(engine: sa.engine.Engine) -> tuple:
    with engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT name, verified_by, status FROM service WHERE id = :id"), {"id": OLD_SERVICE}
        ).one()


def _assert_upgraded_with_rows_kept(engine: sa.engine.Engine, cli) -> None:
    assert schema.current(engine) == _head()
    assert TABLES_ADDED_BY_0002 <= _tables(engine)
    assert _old_service(engine) == ("Valley New Parents Group", "Dana", "active")
    found = cli("search", "--near", "91367", "--care", "postpartum", "--limit", "50", "--json")
    assert found.returncode == 0, found.stderr
    assert OLD_SERVICE in {match["service_id"] for match in json.loads(found.stdout)["matches"]}


@pytest.mark.parametrize("versioned", [True, False], ids=["at-0001", "built-before-migrations"])
def test_an_older_directory_is_upgraded_by_build_and_keeps_its_rows(db_url, cli, versioned):
    engine = make_engine(db_url)
    schema.upgrade(engine, "0001")
    _fill_the_first_schema(engine)
    if not versioned:  # as `create_all` left it: the tables, no version; adopted at 0001
        with engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE alembic_version"))
    assert not TABLES_ADDED_BY_0002 & _tables(engine)

    built = cli("build")

    assert built.returncode == 0, built.stderr
    _assert_upgraded_with_rows_kept(engine, cli)
    engine.dispose()


def test_a_current_directory_without_a_version_is_stamped_not_rebuilt(db_url, cli):
    engine = make_engine(db_url)
    Base.metadata.create_all(engine)  # what `providers build` did before migrations
    _fill_the_first_schema(engine)

    assert cli("migrate").returncode == 0

    assert schema.current(engine) == _head()
    assert _old_service(engine) == ("Valley New Parents Group", "Dana", "active")
    engine.dispose()


def test_the_models_and_the_newest_migration_agree(db_url):
    engine = make_engine(db_url)
    schema.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()

    assert differences == []


def test_new_migration_writes_the_next_revision_in_the_project_style(tmp_path, monkeypatch):
    folder = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(schema, "MIGRATIONS", folder)

    written = schema.new_revision("nothing changed yet")

    assert written == folder / "versions" / "0004_nothing_changed_yet.py"
    source = written.read_text()
    assert 'revision: str = "0004"' in source and 'down_revision: Union[str, Sequence[str], None] = "0003"' in source
    assert "op." not in source  # the models and head agree: nothing to do
    lint = subprocess.run([sys.executable, "-m", "ruff", "format", "--check", str(written)], capture_output=True)
    assert lint.returncode == 0, lint.stdout
