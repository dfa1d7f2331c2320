"""Conversations written straight into a tracker store's database with the timestamps a test needs,
and what the database holds, read back with SQL (never through Rasa)."""

import asyncio
import json
from typing import List, Sequence

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.conversations import EVENTS, engine_for
from bot.privacy.tracker_store import ConversationStore

DAY = 86_400.0


def session(started_at: float, *texts: str) -> List[Event]:
    """One session as Rasa records it: started at `started_at`, then a message and a reply a minute apart."""
    events: List[Event] = [
        ActionExecuted("action_session_start", timestamp=started_at),
        SessionStarted(timestamp=started_at),
        ActionExecuted("action_listen", timestamp=started_at),
    ]
    for minute, text in enumerate(texts, start=1):
        at = started_at + 60 * minute
        events += [
            UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=at),
            BotUttered("Hi, I'm Care Finder.", timestamp=at + 1),
            ActionExecuted("action_listen", timestamp=at + 1),
        ]
    return events


def write(url: str, sender_id: str, *sessions: Sequence[Event]) -> None:
    """Save a conversation through Rasa's own SQL tracker store code (ours), as the server would."""
    store = ConversationStore(host=url, domain=Domain.empty())
    tracker = DialogueStateTracker.from_events(sender_id, [event for events in sessions for event in events])
    asyncio.run(store.save(tracker))
    store.engine.dispose()


def kept_texts(url: str, sender_id: str) -> List[str]:
    """The patient's texts the database still holds for a conversation, oldest first."""
    query = sa.select(EVENTS.c.data).where(EVENTS.c.sender_id == sender_id, EVENTS.c.type_name == "user")
    with engine_for(url).connect() as connection:
        return [json.loads(data)["text"] for (data,) in connection.execute(query.order_by(EVENTS.c.id))]


def kept_actions(url: str, sender_id: str) -> List[str]:
    """The names of the actions the database holds for a conversation, oldest first."""
    query = sa.select(EVENTS.c.action_name).where(EVENTS.c.sender_id == sender_id, EVENTS.c.type_name == "action")
    with engine_for(url).connect() as connection:
        return list(connection.execute(query.order_by(EVENTS.c.id)).scalars())


def kept_rows(url: str, sender_id: str) -> int:
    """Rows of any kind the database holds for a conversation."""
    query = sa.select(sa.func.count()).where(EVENTS.c.sender_id == sender_id)
    with engine_for(url).connect() as connection:
        return connection.execute(query).scalar_one()


def anywhere(url: str, words: str) -> bool:
    """Do these words appear in any row of the database, whatever the conversation?"""
    with engine_for(url).connect() as connection:
        return connection.execute(sa.select(sa.func.count()).where(EVENTS.c.data.contains(words))).scalar_one() > 0
