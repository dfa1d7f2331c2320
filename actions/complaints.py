"""Help to complain: the steps, a drafted grievance with the patient's facts, a record checklist."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.asking import AskForSlot, answer_not_understood, answer_text, answer_understood, take_answer
from actions.care import ValidateCareForm, canceled_on
from actions.conversation import language
from bot import clock
from bot.rights.explain import complaint_messages
from bot.textclean import EMPTY_MESSAGE

# Channels where a patient reads on a phone's text messages: the grievance is drafted short.
TEXT_MESSAGE_CHANNELS = frozenset({"twilio", "twilio_sms"})
MAX_OFFERED_CHARS = 160


class ValidateComplaintForm(ValidateCareForm):
    """The care questions (inherited), then what the plan offered instead, in the patient's words."""

    def name(self) -> Text:
        return "validate_complaint_form"

    async def extract_offered(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return take_answer(tracker, "offered", lambda text: False)

    def validate_offered(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        words = answer_text(value).strip()
        if not words or words == EMPTY_MESSAGE:
            return answer_not_understood(tracker, "offered")
        return answer_understood("offered", words[:MAX_OFFERED_CHARS])


class ActionAskOffered(AskForSlot):
    slot = "offered"


class ActionHelpComplain(Action):
    def name(self) -> Text:
        return "action_help_complain"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        messages = complaint_messages(
            tracker.get_slot("care_type") or "other",
            canceled_on(tracker),
            tracker.get_slot("offered") or "",
            clock.today(),
            language(tracker),
            short=tracker.get_latest_input_channel() in TEXT_MESSAGE_CHANNELS,
        )
        for message in messages:
            dispatcher.utter_message(text=message)
        return []
