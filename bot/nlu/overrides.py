"""NLU component: intents we know for sure, whatever the classifier thought.

- A message that signals danger (bot/safety) is `crisis`, with the entities `safety_language` and
  `safety_urgency`, so the rules answer with crisis help first, even in the middle of a question.
  A message that may hide danger keeps its intent and carries the same entities; the dialogue
  policy then adds one gentle question (bot/dialogue/safety_net.py). The detector's assessment is
  kept in the parse data as `safety` for the policy and the actions.
- The intent classifier never decides a crisis alone: `crisis` it guessed for a message whose danger
  words the detector read as figurative, a topic or the past is replaced by the next best intent.
- A message with no text is `nlu_fallback`, so the patient gets a kind "say it another way".
- A message in a language the bot does not speak yet is `other_language`: a reply in both. Except a
  request the classifier was trained to read in Spanish too ("borrar mis datos").
It runs last in the pipeline and overrides the intent with full confidence.
"""

from typing import Any, Dict, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language import in_other_language
from bot.nlu.stateless import StatelessComponent
from bot.safety import Assessment, assess, prepare
from bot.textclean import EMPTY_MESSAGE

CRISIS_INTENT = "crisis"
UNCLEAR_INTENT = "nlu_fallback"
OTHER_LANGUAGE_INTENT = "other_language"
SAFETY_KEY = "safety"
EXTRACTOR = "SafetyDetector"
# Intents honoured in any language: their training examples include Spanish.
ANY_LANGUAGE_INTENTS = frozenset({"delete_my_data"})


def _certain_intent(text: str, assessment: Assessment, classified: Optional[str]) -> Optional[str]:
    if assessment.outcome == "danger":
        return CRISIS_INTENT
    if text == EMPTY_MESSAGE:
        return UNCLEAR_INTENT
    if in_other_language(text) and classified not in ANY_LANGUAGE_INTENTS:
        return OTHER_LANGUAGE_INTENT
    return None


def _set_intent(message: Message, ranking: List[Dict[str, Any]]) -> None:
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _safety_entities(text: str, assessment: Assessment) -> List[Dict[str, Any]]:
    whole = {"start": 0, "end": len(text), "extractor": EXTRACTOR, "confidence_entity": 1.0}
    return [
        {**whole, "entity": "safety_language", "value": assessment.language},
        {**whole, "entity": "safety_urgency", "value": assessment.urgency},
    ]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class IntentOverrides(StatelessComponent):
    """Sets `crisis`, `nlu_fallback` or `other_language` with confidence 1.0 when certain."""

    @classmethod
    def create(cls, *args: Any, **kwargs: Any) -> "IntentOverrides":
        prepare()  # train the danger classifier when the server starts, not on a patient's message
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        assessment = assess(text)
        message.set(
            SAFETY_KEY,
            {"outcome": assessment.outcome, "category": assessment.category, "language": assessment.language},
            add_to_output=True,
        )
        ranking = message.get(INTENT_RANKING_KEY) or []
        certain = _certain_intent(text, assessment, (message.get(INTENT) or {}).get("name"))
        if certain:
            _set_intent(
                message,
                [{"name": certain, "confidence": 1.0}]
                + [dict(entry, confidence=0.0) for entry in ranking if entry.get("name") != certain],
            )
        elif (message.get(INTENT) or {}).get("name") == CRISIS_INTENT and assessment.guarded:
            others = [entry for entry in ranking if entry.get("name") != CRISIS_INTENT]
            if others:
                _set_intent(message, others)
        if assessment.outcome in ("danger", "possible"):
            message.set(
                ENTITIES, (message.get(ENTITIES) or []) + _safety_entities(text, assessment), add_to_output=True
            )
