"""The dialogue side of the safety net: Rasa's RulePolicy, plus the gentle question.

For a message the detector rated `possible` (the NLU keeps it as `safety` in the parse data), the
turn is answered as usual by the rules and forms, and then, instead of listening, the policy says
utter_safety_check once. The answer to it is read here, not by the NLU (which sees one message
alone): "yes" gets utter_crisis, "no" a kind utter_safety_check_no; then an open question is asked
again. Crisis help for a danger message itself is a plain rule (data/rules/).

Creating the policy also installs the action guard (bot/dialogue/action_guard.py), so that every
Rasa server that loads the model answers even when an action fails.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue import action_guard, action_schema
from bot.dialogue.turns import said_this_turn
from bot.nlu.overrides import CRISIS_INTENT
from bot.rights.crisis_domain import CHECK_NO_RESPONSE, CHECK_RESPONSE, CRISIS_RESPONSE
from bot.safety import check

SOURCE = "safety_net"


def answer_to_the_check(tracker: DialogueStateTracker) -> Optional[str]:
    """ "yes" or "no" when the latest message answers the gentle question, else None."""
    if (tracker.latest_message.intent or {}).get("name") == CRISIS_INTENT:
        return None
    events = [
        ("user", "") if isinstance(event, UserUttered) else ("action", event.action_name)
        for event in tracker.events
        if isinstance(event, (UserUttered, ActionExecuted))
    ]
    return check.answer_to_the_check(events, tracker.latest_message.text or "")


def _check_due(tracker: DialogueStateTracker) -> bool:
    safety = tracker.latest_message.parse_data.get("safety") or {}
    return safety.get("outcome") == "possible" and not said_this_turn(tracker, CHECK_RESPONSE, CRISIS_RESPONSE)


def _safety_net_action(tracker: DialogueStateTracker) -> Optional[str]:
    latest = tracker.latest_action_name
    if latest in (CHECK_RESPONSE, CHECK_NO_RESPONSE):
        return None if tracker.active_loop_name and latest == CHECK_NO_RESPONSE else ACTION_LISTEN_NAME
    answer = answer_to_the_check(tracker)
    if latest == ACTION_LISTEN_NAME and answer:
        return CRISIS_RESPONSE if answer == "yes" else CHECK_NO_RESPONSE
    if latest == CRISIS_RESPONSE and answer and not tracker.active_loop_name:
        return ACTION_LISTEN_NAME
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class SafetyNetPolicy(RulePolicy):
    """RulePolicy with the gentle question and its answers; installs the action guard and the
    action server's answer check (bot/dialogue/action_schema.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action_guard.install()
        action_schema.install()

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action = _safety_net_action(tracker)
        if action is None:
            prediction = super().predict_action_probabilities(tracker, domain, rule_only_data, **kwargs)
            if not (_best_action(prediction, domain) == ACTION_LISTEN_NAME and _check_due(tracker)):
                return prediction
            action = CHECK_RESPONSE
        return self._rule_prediction(self._prediction_result(action, tracker, domain), SOURCE)


def _best_action(prediction: PolicyPrediction, domain: Domain) -> Optional[str]:
    if not prediction.probabilities or max(prediction.probabilities) <= 0:
        return None
    return domain.action_names_or_texts[prediction.max_confidence_index]
