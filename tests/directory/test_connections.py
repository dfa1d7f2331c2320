"""The directory's pooled connections after the database server dropped them (a PostgreSQL restart)."""

import sqlalchemy as sa

from providers.db import make_engine
from tests.directory.postgres import throwaway_database


def test_a_search_after_the_server_dropped_every_connection_succeeds(postgres_server: str) -> None:
    with throwaway_database(postgres_server) as url:
        engine = make_engine(url)
        with engine.connect() as connection:  # the pool now holds one open connection
            assert connection.execute(sa.text("SELECT 1")).scalar() == 1
        admin = sa.create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:  # what a restart does to every client
            dropped = connection.execute(
                sa.text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :name"),
                {"name": sa.engine.make_url(url).database},
            ).scalar()
        admin.dispose()
        assert dropped == 1
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT 1")).scalar() == 1
        engine.dispose()
