"""Was the latest message an answer to the gentle question? Shared by the policy and the actions,
which see a conversation's events in different shapes: both pass (kind, name) pairs, oldest first,
with kind "user" for a message and "action" for an action (name: the action's name)."""

from __future__ import annotations

from typing import Iterable, Optional, Tuple

from bot.rights.crisis_domain import CHECK_RESPONSE
from bot.safety.answers import answer_to_check

LISTEN_ACTION = "action_listen"


def _bot_action_before_latest_message(events: Iterable[Tuple[str, str]]) -> Optional[str]:
    seen_message = False
    for kind, name in reversed(list(events)):
        if kind == "user":
            if seen_message:
                return None
            seen_message = True
        elif seen_message and kind == "action" and name != LISTEN_ACTION:
            return name
    return None


def answer_to_the_check(events: Iterable[Tuple[str, str]], latest_text: str) -> Optional[str]:
    """ "yes" or "no" when the latest message answers the gentle question, else None."""
    if _bot_action_before_latest_message(events) != CHECK_RESPONSE:
        return None
    return answer_to_check(latest_text)
