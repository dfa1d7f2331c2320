"""What happened in the current turn of a conversation: since the patient's latest message."""

from typing import Any

from rasa.shared.core.events import ActionExecuted, UserUttered


def said_this_turn(tracker: Any, *actions: str) -> bool:
    """One of `actions` ran since the patient's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name in actions:
            return True
    return False
