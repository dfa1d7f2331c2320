"""Start over, stop, and kind answers to messages the bot could not understand."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import counter, latest_intent, say
from bot.catalog import RESPONSE_PREFIX
from bot.dialogue.interruptions import SIDE_QUESTIONS

UNCLEAR_COUNT = "unclear_count"


def _forget_everything() -> List[EventType]:
    return [ActiveLoop(None), SlotSet("requested_slot", None), AllSlotsReset()]


class ActionStartOver(Action):
    def name(self) -> Text:
        return "action_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        say(dispatcher, tracker, "starting_over")
        dispatcher.utter_message(response="utter_greet")
        return _forget_everything()


class ActionStop(Action):
    def name(self) -> Text:
        return "action_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        say(dispatcher, tracker, "goodbye" if latest_intent(tracker) == "goodbye" else "stopped")
        return _forget_everything()


class ActionUnclear(Action):
    """First unclear message: ask to rephrase. Second in a row: offer choices."""

    def name(self) -> Text:
        return "action_unclear"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        unclear_in_a_row = counter(tracker, UNCLEAR_COUNT) + 1
        first = unclear_in_a_row == 1
        say(dispatcher, tracker, "unclear_first" if first else "unclear_choices")
        return [SlotSet(UNCLEAR_COUNT, unclear_in_a_row if first else 0)]


class ActionAnswerInterruption(Action):
    """Answers help, "are you a bot?", off-topic, thanks and the out-of-network question; the
    question that was open is then asked again."""

    def name(self) -> Text:
        return "action_answer_interruption"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        key = SIDE_QUESTIONS.get(latest_intent(tracker), "utter_help")
        if key.startswith(RESPONSE_PREFIX):  # a domain response: Rasa says it, as rules do
            dispatcher.utter_message(response=key)
        else:
            say(dispatcher, tracker, key)
        return []
