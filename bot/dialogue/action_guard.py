"""Never silent: when an action fails, the patient hears "please try again", with the hotlines.

Rasa 3.6 logs an exception from an action (the action server down, slow or failing, the database
gone) and carries on with no reply, so the patient is met with silence. `install()` wraps
MessageProcessor._run_action (Rasa has no hook for this) so that any action except listening runs
with a time limit, and a failure becomes the domain response utter_try_again (facts.yml
crisis.try_again, in the conversation's language and channel) and the end of the turn. The failed
action's events are dropped, so the conversation stays where it was and the next message retries.
After a crisis reply in the same turn, nothing more is added. The log says which action failed and
how, never what the patient wrote.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, List

from rasa.core.actions.action import ActionExecutionRejection, create_bot_utterance
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import Event, FollowupAction

from bot.dialogue.turns import said_this_turn
from bot.rights.crisis_domain import CRISIS_RESPONSE, TRY_AGAIN_RESPONSE

logger = logging.getLogger(__name__)

TIMEOUT_ENV = "CARE_FINDER_ACTION_TIMEOUT_SECONDS"
# Twilio waits 15 s for a webhook's answer; the SMS channel itself gives up after 10 s.
DEFAULT_TIMEOUT_SECONDS = 8.0


def timeout_seconds() -> float:
    return float(os.environ.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT_SECONDS)


async def _after_failure(action: Any, error: BaseException, output_channel: Any, nlg: Any, tracker: Any) -> List[Event]:
    failure = type(error).__name__ + (f", caused by {type(error.__cause__).__name__}" if error.__cause__ else "")
    logger.error("Action %s failed (%s); the patient is asked to try again.", action.name(), failure)
    if said_this_turn(tracker, CRISIS_RESPONSE):
        return [FollowupAction(ACTION_LISTEN_NAME)]
    reply = await nlg.generate(TRY_AGAIN_RESPONSE, tracker, output_channel.name()) or {}
    return [create_bot_utterance({**reply, "utter_action": TRY_AGAIN_RESPONSE}), FollowupAction(ACTION_LISTEN_NAME)]


def _guarded(action: Any, run: Any) -> Any:
    async def run_with_a_net(output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Event]:
        try:
            return await asyncio.wait_for(run(output_channel, nlg, tracker, domain), timeout_seconds())
        except ActionExecutionRejection:
            raise  # a form declining an answer: Rasa's normal flow
        except Exception as error:  # noqa: BLE001 - any failure must still get a reply
            return await _after_failure(action, error, output_channel, nlg, tracker)

    return run_with_a_net


def install() -> None:
    """Guard every action Rasa runs in this process (safe to call more than once)."""
    if getattr(MessageProcessor._run_action, "guarded", False):
        return
    original = MessageProcessor._run_action

    async def _run_action(
        self: MessageProcessor, action: Any, tracker: Any, output_channel: Any, nlg: Any, prediction: Any
    ) -> bool:
        if action.name() != ACTION_LISTEN_NAME:
            action.run = _guarded(action, action.run)
        return await original(self, action, tracker, output_channel, nlg, prediction)

    _run_action.guarded = True  # type: ignore[attr-defined]
    MessageProcessor._run_action = _run_action  # type: ignore[method-assign]
