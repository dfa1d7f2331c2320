"""What the channels need to know about a conversation, read from Rasa's tracker store: the
buttons the bot just offered (numbered choices on SMS; the only commands a patient may send), and
the language it speaks.

Reading the shared tracker store (not this process's memory) keeps numbered choices working when
several Rasa instances share one tracker store. (STOP is kept apart: bot/channels/opt_outs.py.)
"""

from dataclasses import dataclass, field
from typing import List, Optional

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import BotUttered, UserUttered

from bot.catalog import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class SmsConversation:
    choice_payloads: List[str] = field(default_factory=list)
    language: str = DEFAULT_LANGUAGE  # the bot's language in it (its `language` slot)

    def payload_for(self, body: str) -> Optional[str]:
        """The payload of the button numbered `body` ("2") in the bot's last turn."""
        number = body.strip().rstrip(".)")
        # isdecimal, not isdigit: "²" or "①" are digits that int() cannot read
        if number.isdecimal() and 1 <= int(number) <= len(self.choice_payloads):
            return self.choice_payloads[int(number) - 1]
        return None


async def read_conversation(store: TrackerStore, sender_id: str) -> SmsConversation:
    tracker = await store.retrieve(sender_id)
    if tracker is None:
        return SmsConversation()
    language = tracker.get_slot("language") or DEFAULT_LANGUAGE
    return SmsConversation(choice_payloads=_last_choices(list(tracker.events)), language=language)


async def conversation_language(store: TrackerStore, sender_id: str) -> str:
    """The language the bot speaks in this conversation (its `language` slot; English until set)."""
    return (await read_conversation(store, sender_id)).language


async def offered_payloads(store: TrackerStore, sender_id: str) -> List[str]:
    """Payloads of the buttons the bot offered in its last turn."""
    return (await read_conversation(store, sender_id)).choice_payloads


def _last_choices(events: list) -> List[str]:
    """Buttons of the latest bot message with buttons since the patient last wrote."""
    for event in reversed(events):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return [button["payload"] for button in event.data["buttons"]]
    return []
