"""Base for our NLU components: no training, no state, one `process` per message batch."""

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


class StatelessComponent(GraphComponent, ABC):
    """Rasa's GraphComponent boilerplate, once: created without config, training data untouched."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "StatelessComponent":
        return cls()

    @abstractmethod
    def process(self, messages: List[Message]) -> List[Message]:
        """Change each message in place and return them."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
