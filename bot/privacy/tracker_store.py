"""Rasa's SQL tracker store, plus deletion on request: registered in endpoints.yml as
`bot.privacy.tracker_store.ConversationStore` with `url: ${TRACKER_STORE_URL}`.

A patient who confirms "delete my data" gets the response DELETED_RESPONSE; when Rasa then saves
that turn, the whole conversation is deleted instead. Deleting here, after Rasa has finished the
turn, is what makes it final: deleted any earlier (in an action), Rasa would write the
conversation back when it saves the turn.
"""

from typing import Any, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot import metrics
from bot.dialogue.turns import said_this_turn
from bot.privacy.conversations import delete_conversation
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

    async def save(self, tracker: DialogueStateTracker) -> None:
        metrics.record_turn(tracker)  # Rasa saves each turn once, when it is finished
        if said_this_turn(tracker, DELETED_RESPONSE):  # the bot confirmed a deletion this turn
            delete_conversation(self.engine, tracker.sender_id)
            return
        await super().save(tracker)
