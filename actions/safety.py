"""Crisis help: the emergency, crisis and maternal hotlines listed in bot/content/facts.yml."""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import language
from bot.rights.explain import crisis_messages


class ActionCrisisHelp(Action):
    def name(self) -> Text:
        return "action_crisis_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        for message in crisis_messages(language(tracker)):
            dispatcher.utter_message(text=message)
        return []
