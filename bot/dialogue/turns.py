"""What happened in the current turn of a conversation: since the patient's latest message."""

from itertools import takewhile
from typing import Any, Iterator

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered


def said_this_turn(tracker: Any, *actions: str) -> bool:
    """One of `actions` ran since the patient's latest message."""
    return any(isinstance(event, ActionExecuted) and event.action_name in actions for event in _this_turn(tracker))


def replied_this_turn(tracker: Any, response: str) -> bool:
    """The domain response `response` was sent since the patient's latest message, whether by its own
    action or inside another (the action guard's "try again", bot/dialogue/action_guard.py)."""
    sent = (event.metadata.get("utter_action") for event in _this_turn(tracker) if isinstance(event, BotUttered))
    return response in sent


def answers_a_new_message(tracker: Any) -> bool:
    """The tracker ends a turn begun by a patient's message: no listening between that message and
    the last event (Rasa also saves a tracker it has just created, with no message yet)."""
    for event in list(tracker.events)[-2::-1]:
        if isinstance(event, UserUttered):
            return True
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            return False
    return False


def _this_turn(tracker: Any) -> Iterator[Event]:
    """The events since the patient's latest message, latest first."""
    return takewhile(lambda event: not isinstance(event, UserUttered), reversed(tracker.events))
