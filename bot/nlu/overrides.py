"""NLU component: intents we know for sure, whatever the classifier thought.

- A message that signals danger (bot/safety) is `crisis`, with the entities `safety_language` and
  `safety_urgency`, so the rules answer with crisis help first, even in the middle of a question.
  A message that may hide danger keeps its intent and carries the same entities; the dialogue
  policy then adds one gentle question (bot/dialogue/safety_net.py). The detector's assessment is
  kept in the parse data as `safety` for the policy and the actions.
- The intent classifier never decides a crisis alone: `crisis` it guessed for a message whose danger
  words the detector read as figurative, a topic or the past is replaced by the next best intent.
- A message with no text is `nlu_fallback`, so the patient gets a kind "say it another way".
- A message in a language the bot does not speak (neither English nor Spanish) is `other_language`:
  a reply in both. A whole message asking for a language ("ESPAÑOL", "in English") is
  `switch_language`.
- The conversation's language (bot/nlu/language.py): a message written in English or Spanish clearly
  enough, or asking to switch, carries the entity `language`, which fills the slot of the same name.
It runs last in the pipeline and overrides the intent with full confidence.
"""

from typing import Any, Dict, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import language
from bot.nlu.stateless import StatelessComponent
from bot.safety import Assessment, assess, prepare
from bot.textclean import EMPTY_MESSAGE

CRISIS_INTENT = "crisis"
UNCLEAR_INTENT = "nlu_fallback"
OTHER_LANGUAGE_INTENT = "other_language"
SWITCH_LANGUAGE_INTENT = "switch_language"
LANGUAGE_ENTITY = "language"
SAFETY_KEY = "safety"
EXTRACTOR = "SafetyDetector"
LANGUAGE_EXTRACTOR = "LanguageDetector"


def _certain_intent(text: str, assessment: Assessment, detected: language.Detected) -> Optional[str]:
    if assessment.outcome == "danger":
        return CRISIS_INTENT
    if text == EMPTY_MESSAGE:
        return UNCLEAR_INTENT
    if detected.language == language.OTHER:
        return OTHER_LANGUAGE_INTENT
    if detected.switch_request:
        return SWITCH_LANGUAGE_INTENT
    return None


def _set_intent(message: Message, ranking: List[Dict[str, Any]]) -> None:
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _whole_message_entity(text: str, entity: str, value: str, extractor: str, confidence: float) -> Dict[str, Any]:
    """An entity the detectors read from the whole message, not from a span of it."""
    return {
        "entity": entity,
        "value": value,
        "start": 0,
        "end": len(text),
        "extractor": extractor,
        "confidence_entity": confidence,
    }


def _language_entities(text: str, detected: language.Detected) -> List[Dict[str, Any]]:
    if detected.language in (None, language.OTHER):
        return []
    return [_whole_message_entity(text, LANGUAGE_ENTITY, detected.language, LANGUAGE_EXTRACTOR, detected.confidence)]


def _safety_entities(text: str, assessment: Assessment) -> List[Dict[str, Any]]:
    return [
        _whole_message_entity(text, "safety_language", assessment.language, EXTRACTOR, 1.0),
        _whole_message_entity(text, "safety_urgency", assessment.urgency, EXTRACTOR, 1.0),
    ]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class IntentOverrides(StatelessComponent):
    """Sets `crisis`, `nlu_fallback`, `other_language` or `switch_language` with confidence 1.0 when
    certain, and the entity `language` when the message's language is clear."""

    @classmethod
    def create(cls, *args: Any, **kwargs: Any) -> "IntentOverrides":
        prepare()  # train the danger classifier when the server starts, not on a patient's message
        language.prepare()  # and the language model
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
        detected = language.detect(text)
        certain = _certain_intent(text, assessment, detected)
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
        entities = _language_entities(text, detected)
        if assessment.outcome in ("danger", "possible"):
            entities += _safety_entities(text, assessment)
        if entities:
            message.set(ENTITIES, (message.get(ENTITIES) or []) + entities, add_to_output=True)
