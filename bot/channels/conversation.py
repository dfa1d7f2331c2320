"""What the channels need to know about a conversation, read from Rasa's tracker store: the
buttons the bot just offered (numbered choices on SMS; the only commands a patient may send) and
whether an SMS sender opted out.

Reading the shared tracker store (not this process's memory) keeps numbered choices and
STOP working when several Rasa instances share one tracker store.
"""

from dataclasses import dataclass, field
from typing import List, Optional

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import BotUttered, UserUttered

# Set in the metadata of the user message that recorded STOP or START.
OPT_KEY, OPTED_OUT, OPTED_IN = "sms_opt", "out", "in"


@dataclass(frozen=True)
class SmsConversation:
    opted_out: bool = False
    choice_payloads: List[str] = field(default_factory=list)

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
    events = list(tracker.events)
    return SmsConversation(opted_out=_opted_out(events), choice_payloads=_last_choices(events))


async def offered_payloads(store: TrackerStore, sender_id: str) -> List[str]:
    """Payloads of the buttons the bot offered in its last turn."""
    return (await read_conversation(store, sender_id)).choice_payloads


def _opted_out(events: list) -> bool:
    for event in reversed(events):
        if isinstance(event, UserUttered) and OPT_KEY in (event.metadata or {}):
            return event.metadata[OPT_KEY] == OPTED_OUT
    return False


def _last_choices(events: list) -> List[str]:
    """Buttons of the latest bot message with buttons since the patient last wrote."""
    for event in reversed(events):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return [button["payload"] for button in event.data["buttons"]]
    return []
