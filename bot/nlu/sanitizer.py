"""NLU component: bound and clean every message before any other component sees it."""
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.textclean import clean_text


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False
)
class InputSanitizer(GraphComponent):
    """Strips control characters, collapses whitespace and caps length (bot/textclean.py)."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "InputSanitizer":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            message.set(TEXT, clean_text(message.get(TEXT)))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
