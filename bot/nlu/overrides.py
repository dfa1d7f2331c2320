"""NLU component: intents we know for sure, whatever the classifier thought.

- A message that signals danger is `crisis` (bot/content/safety.yml), so the dialogue rules
  answer with crisis help first, even in the middle of a question.
- A message with no text is `nlu_fallback`, so the patient gets a kind "say it another way".
- A message in a language the bot does not speak yet is `other_language`: a reply in both.
It runs last in the pipeline and overrides the intent with full confidence.
"""
from typing import List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.stateless import StatelessComponent
from bot.nlu.danger import signals_danger
from bot.nlu.language import in_other_language
from bot.textclean import EMPTY_MESSAGE

CRISIS_INTENT = "crisis"
UNCLEAR_INTENT = "nlu_fallback"
OTHER_LANGUAGE_INTENT = "other_language"


def _certain_intent(text: str) -> Optional[str]:
    if signals_danger(text):
        return CRISIS_INTENT
    if text == EMPTY_MESSAGE:
        return UNCLEAR_INTENT
    if in_other_language(text):
        return OTHER_LANGUAGE_INTENT
    return None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class IntentOverrides(StatelessComponent):
    """Sets `crisis`, `nlu_fallback` or `other_language` with confidence 1.0 when certain."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent_name = _certain_intent(message.get(TEXT) or "")
            if intent_name:
                certain = {"name": intent_name, "confidence": 1.0}
                ranking = [certain] + [
                    dict(entry, confidence=0.0)
                    for entry in message.get(INTENT_RANKING_KEY) or []
                    if entry.get("name") != intent_name
                ]
                message.set(INTENT, certain, add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
