"""Deleting conversations from the tracker store's table: one on request, or all past retention.

Works on the table Rasa's SQLTrackerStore writes (one row per event, with the conversation id and
a Unix timestamp), on SQLite or PostgreSQL, from the Rasa process or a staff command.

A SQLite file is opened in WAL mode with synchronous=NORMAL, and its connections are pooled (Rasa's
own engine opened the file anew for every read and write, and synced it to disk twice per commit).
WAL with NORMAL never corrupts the file: an application crash loses nothing committed, a power
cut or OS crash can undo the last transactions before the next checkpoint, never half of one.
A deletion is the exception: it commits with synchronous=FULL, so a confirmed deletion stays done.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, Iterator

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import SessionStarted
from sqlalchemy.engine import Engine

from providers.db import prepare_location, sqlite_file

EVENTS: sa.Table = SQLTrackerStore.SQLEvent.__table__


@dataclass(frozen=True)
class Deleted:
    conversations: int
    events: int


@cache
def engine_for(url: str) -> Engine:
    """One engine per database for this process, with the events table in place."""
    prepare_location(url)
    if sqlite_file(url) is None:
        engine = sa.create_engine(url, **create_engine_kwargs(url))
    else:
        engine = _sqlite_engine(url)
    EVENTS.create(engine, checkfirst=True)
    return engine


def _sqlite_engine(url: str) -> Engine:
    """Pooled connections (used by one thread at a time: Rasa's event loop or `asyncio.to_thread`),
    each in WAL mode with synchronous=NORMAL."""
    engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def set_pragmas(connection: Any, _: Any) -> None:
        connection.execute("PRAGMA journal_mode=WAL")  # kept in the file; cheap when already set
        connection.execute("PRAGMA synchronous=NORMAL")

    return engine


@contextmanager
def _synced(connection: sa.engine.Connection) -> Iterator[None]:
    """synchronous=FULL on a SQLite connection for the block (set outside any transaction), then back."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA synchronous=FULL")
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA synchronous=NORMAL")


def delete_conversation(engine: Engine, sender_id: str) -> Deleted:
    """Every event of one conversation, all sessions."""
    return _delete(engine, EVENTS.c.sender_id == sender_id)


def purge(engine: Engine, cutoff: float) -> Deleted:
    """Every session whose last event is older than `cutoff` (a Unix time), and nothing else."""
    return _delete(engine, over_before(cutoff))


def over_before(cutoff: float) -> sa.sql.ColumnElement:
    """The events of sessions whose last event is older than `cutoff` (a Unix time).

    A session runs from its `session_started` event to the next one. A conversation silent since the
    cutoff counts whole; otherwise what came before the first session still active after the cutoff
    counts, and that session not at all, so Rasa never reads a session changed in the middle.
    """
    other, start = EVENTS.alias("other"), EVENTS.alias("start")
    first_after_cutoff = (
        sa.select(sa.func.min(other.c.timestamp))
        .where(other.c.sender_id == EVENTS.c.sender_id, other.c.timestamp >= cutoff)
        .correlate(EVENTS)
        .scalar_subquery()
    )
    start_of_kept_session = (
        sa.select(sa.func.max(start.c.timestamp))
        .where(
            start.c.sender_id == EVENTS.c.sender_id,
            start.c.type_name == SessionStarted.type_name,
            start.c.timestamp <= first_after_cutoff,
        )
        .correlate(EVENTS)
        .scalar_subquery()
    )
    expired = sa.or_(first_after_cutoff.is_(None), EVENTS.c.timestamp < start_of_kept_session)
    return sa.and_(EVENTS.c.timestamp < cutoff, expired)


def _delete(engine: Engine, condition: sa.sql.ColumnElement) -> Deleted:
    with engine.connect() as connection, _synced(connection), connection.begin():
        conversations = connection.execute(
            sa.select(sa.func.count(sa.distinct(EVENTS.c.sender_id))).where(condition)
        ).scalar_one()
        events = connection.execute(EVENTS.delete().where(condition)).rowcount
    return Deleted(conversations=conversations, events=events)
