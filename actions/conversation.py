"""What every action reads from a conversation: the cleaned text, the intent, the language."""

from typing import Any, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.catalog import DEFAULT_LANGUAGE, LANGUAGES, SMS
from bot.catalog import say as catalog_say
from bot.rights.crisis_domain import SMS_CHANNEL
from bot.safety.check import answer_to_the_check
from bot.textclean import clean_text


def signals_danger(tracker: Tracker) -> bool:
    """The latest message got crisis help (the NLU's safety detector), or said "yes" to the gentle
    question; or it answered that question at all: it is then not an answer to the form's question."""
    message = tracker.latest_message
    if latest_intent(tracker) == "crisis" or (message.get("safety") or {}).get("outcome") == "danger":
        return True
    events = [
        ("user", "") if event.get("event") == "user" else ("action", event.get("name") or "")
        for event in tracker.events
        if event.get("event") in ("user", "action")
    ]
    return answer_to_the_check(events, message.get("text") or "") is not None


def latest_text(tracker: Tracker) -> str:
    return clean_text(tracker.latest_message.get("text"))


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def latest_entity(tracker: Tracker, entity: str) -> Any:
    return next(tracker.get_latest_entity_values(entity), None)


def language(tracker: Tracker) -> str:
    """The conversation's language: the `language` slot (en, es), English when unset."""
    slot = tracker.get_slot("language")
    return slot if slot in LANGUAGES else DEFAULT_LANGUAGE


def channel(tracker: Tracker) -> Optional[str]:
    """The catalog's variant for the channel the patient writes on: "sms" over Twilio."""
    return SMS if tracker.get_latest_input_channel() == SMS_CHANNEL else None


def counter(tracker: Tracker, slot: Text) -> int:
    return int(tracker.get_slot(slot) or 0)


def say(dispatcher: CollectingDispatcher, tracker: Tracker, key: Text, **values: Any) -> None:
    """Send message `key` of the catalog in the conversation's language and channel variant."""
    reply = catalog_say(key, language(tracker), channel(tracker), **values)
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
