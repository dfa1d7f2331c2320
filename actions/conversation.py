"""What every action reads from a conversation: the cleaned text, the intent, the language."""

from typing import Any, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.safety.check import answer_to_the_check
from bot.textclean import clean_text
from bot.wording import DEFAULT_LANGUAGE, message

# Intents that interrupt a question instead of answering it, when the answer can't be read.
# (A message with danger phrases always is: see actions/asking.py and data/rules/interruptions.yml.)
INTERRUPTIONS = frozenset(
    {
        "crisis",
        "help",
        "start_over",
        "stop",
        "goodbye",
        "thanks",
        "bot_challenge",
        "out_of_scope",
        "other_language",
        "switch_language",
        "ask_out_of_network",
        "complain",
        "delete_my_data",
    }
)


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
    """The conversation's language (the slot `language`, filled by the NLU: bot/nlu/language.py)."""
    return tracker.get_slot("language") or DEFAULT_LANGUAGE


def counter(tracker: Tracker, slot: Text) -> int:
    return int(tracker.get_slot(slot) or 0)


def say(dispatcher: CollectingDispatcher, tracker: Tracker, key: Text, **values: Any) -> None:
    """Send message `key` of bot/content/wording.yml in the conversation's language."""
    text, buttons = message(key, language(tracker), **values)
    dispatcher.utter_message(text=text, buttons=buttons)
