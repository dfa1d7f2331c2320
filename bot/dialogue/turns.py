"""What happened in the current turn of a conversation: since the patient's latest message."""

from typing import Any

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, UserUttered


def said_this_turn(tracker: Any, *actions: str) -> bool:
    """One of `actions` ran since the patient's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name in actions:
            return True
    return False


def answers_a_new_message(tracker: Any) -> bool:
    """The tracker ends a turn begun by a patient's message: no listening between that message and
    the last event (Rasa also saves a tracker it has just created, with no message yet)."""
    for event in list(tracker.events)[-2::-1]:
        if isinstance(event, UserUttered):
            return True
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            return False
    return False
