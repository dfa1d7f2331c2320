"""Rasa's SQL tracker store, plus deletion on request: registered in endpoints.yml as
`bot.privacy.tracker_store.ConversationStore` with `url: ${TRACKER_STORE_URL}`.

A patient who confirms "delete my data" gets the response DELETED_RESPONSE; when Rasa then saves
that turn, the whole conversation is deleted instead. Deleting here, after Rasa has finished the
turn, is what makes it final: deleted any earlier (in an action), Rasa would write the
conversation back when it saves the turn.

Faster than Rasa's own: the process-wide engine of bot/privacy/conversations.py (a SQLite file in
WAL mode, pooled), only the events' JSON read, no count query before each save
(bot/privacy/stored_events.py), and a turn's new events written by one INSERT.
"""

import json
from itertools import islice
from typing import Any, Dict, Iterator, Optional

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import Session, sessionmaker

from bot import metrics
from bot.dialogue.turns import said_this_turn
from bot.privacy.conversations import delete_conversation, engine_for
from bot.privacy.event_types import events_from_dicts
from bot.privacy.stored_events import StoredEvents
from providers.db import prepare_location

# The domain response (bot/domain/privacy.yml) that confirms a deletion.
DELETED_RESPONSE = "utter_conversation_deleted"


class ConversationStore(SQLTrackerStore):
    """SQLite or PostgreSQL, by a full SQLAlchemy URL (Rasa passes endpoints.yml's `url` as `host`)."""

    def __init__(self, host: Optional[str] = None, **kwargs: Any) -> None:
        if not host or "://" not in host:
            raise ValueError("the tracker store needs a full URL in endpoints.yml (url: ${TRACKER_STORE_URL})")
        prepare_location(host)
        super().__init__(host=host, **kwargs)
        self.engine.dispose()  # Rasa's engine created the table; ours does the work
        self.engine = engine_for(host)
        self.sessionmaker = sessionmaker(bind=self.engine)
        self._stored = StoredEvents()
        with self.sessionmaker() as session:  # the query's text only; it runs in _retrieve
            self._events_json = {
                all_sessions: self._event_query(session, sa.bindparam("sender_id"), all_sessions)
                .with_entities(self.SQLEvent.data)
                .statement
                for all_sessions in (False, True)
            }

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            self._stored.all_stored(tracker)
        return tracker

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        """Rasa's own query, built once per kind and reading only the events' JSON (building the ORM
        query and its rows each time cost more than the database's work)."""
        statement = self._events_json[fetch_events_from_all_sessions]
        with self.engine.connect() as connection:
            rows = connection.execute(statement, {"sender_id": sender_id}).scalars().all()
        if not self.domain or not rows:
            return None
        events = events_from_dicts([json.loads(data) for data in rows])
        return DialogueStateTracker.from_events(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        metrics.record_turn(tracker)  # Rasa saves each turn once, when it is finished
        if said_this_turn(tracker, DELETED_RESPONSE):  # the bot confirmed a deletion this turn
            delete_conversation(self.engine, tracker.sender_id)
            self._stored.forget(tracker)
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [_event_row(tracker.sender_id, event) for event in self._additional_events(session, tracker)]
            if rows:  # one INSERT for all rows, not one ORM object and statement per event
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()
        self._stored.all_stored(tracker)

    def _additional_events(self, session: Session, tracker: DialogueStateTracker) -> Iterator:
        """The events not stored yet: after the stored ones when this store read or saved `tracker`."""
        stored = self._stored.count(tracker)
        if stored is None:
            return super()._additional_events(session, tracker)
        return islice(tracker.events, stored, None)


def _event_row(sender_id: str, event: Event) -> Dict[str, Any]:
    """The events table's row for `event`, exactly as Rasa's SQLTrackerStore.save writes it."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
