"""NLU component: bound and clean every message before any other component sees it."""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.stateless import StatelessComponent
from bot.textclean import clean_text


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class InputSanitizer(StatelessComponent):
    """Strips control characters, collapses whitespace and caps length (bot/textclean.py)."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            message.set(TEXT, clean_text(message.get(TEXT)))
        return messages
