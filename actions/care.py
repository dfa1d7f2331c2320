"""What care was canceled, when, and how the patient is covered; then the rights that apply.

Every right, deadline and phone number comes from bot/content/facts.yml (bot/rights/explain.py).
"""

from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.asking import AskForSlot, answer_not_understood, answer_text, answer_understood, take_answer
from actions.conversation import language, latest_entity, say
from bot import clock
from bot.dialogue.interruptions import OUT_OF_NETWORK
from bot.nlu.keywords import care_type_in, coverage_in, says_unknown_date
from bot.rights.dates import WhenProblem, day_problem, parse_when
from bot.rights.explain import UNSURE_COVERAGE, coverage_keys, explain_rights
from providers.geo import find_place
from providers.vocabulary import CARE_TYPES

UNKNOWN_DATE = "unknown"


class ValidateCareForm(FormValidationAction):
    """Reads the kind of care, the date and the coverage from free text or buttons (`take_answer`)."""

    def name(self) -> Text:
        return "validate_care_form"

    async def extract_care_type(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        from_button = latest_entity(tracker, "care_type")
        if from_button and tracker.get_slot("care_type") is None:
            return {"care_type": from_button}
        return take_answer(tracker, "care_type", lambda text: care_type_in(text) is not None)

    def validate_care_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = answer_text(value)
        care_type = text if text in CARE_TYPES else care_type_in(text)
        if care_type:
            return answer_understood("care_type", care_type)
        return answer_not_understood(tracker, "care_type")

    async def extract_canceled_when(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        lang = language(tracker)
        return take_answer(tracker, "canceled_when", lambda text: parse_when(text, clock.today(), lang).day is not None)

    def validate_canceled_when(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = answer_text(value)
        if text == UNKNOWN_DATE:  # already read (a form re-validates)
            return answer_understood("canceled_when", text)
        typed = _iso_date(text)  # already read, or typed as 2026-11-16
        if typed is not None:
            problem = day_problem(typed, clock.today())
            if problem:
                return answer_not_understood(tracker, "canceled_when", problem.value)
            return answer_understood("canceled_when", text)
        if says_unknown_date(text):
            return answer_understood("canceled_when", UNKNOWN_DATE)
        when = parse_when(text, clock.today(), language(tracker))
        if when.day is not None:
            return answer_understood("canceled_when", when.day.isoformat())
        if when.unknown:
            return answer_understood("canceled_when", UNKNOWN_DATE)
        problem = when.problem or WhenProblem.NOT_FOUND
        return answer_not_understood(tracker, "canceled_when", problem.value)

    async def extract_coverage(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        # Before it is asked, only a named coverage counts ("not sure when" is about the date).
        return take_answer(tracker, "coverage", lambda text: coverage_in(text) not in (None, UNSURE_COVERAGE))

    def validate_coverage(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = answer_text(value)
        coverage = text if text in coverage_keys() else coverage_in(text)
        if coverage is None and find_place(text):
            coverage = UNSURE_COVERAGE  # the patient skipped ahead to where they are
        if coverage:
            return answer_understood("coverage", coverage)
        return answer_not_understood(tracker, "coverage")


class ActionAskCareType(AskForSlot):
    slot = "care_type"


class ActionAskCanceledWhen(AskForSlot):
    slot = "canceled_when"


class ActionAskCoverage(AskForSlot):
    slot = "coverage"


def _iso_date(text: str) -> Optional[date]:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def canceled_on(tracker: Tracker) -> Optional[date]:
    value = tracker.get_slot("canceled_when")
    if not value or value == UNKNOWN_DATE:
        return None
    return date.fromisoformat(value)


class ActionExplainRights(Action):
    """Says the rights for the care that was canceled, with its concrete deadline if known."""

    def name(self) -> Text:
        return "action_explain_rights"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        care_type = tracker.get_slot("care_type") or "other"
        messages = explain_rights(
            care_type, canceled_on(tracker), clock.today(), language(tracker), tracker.get_slot("coverage")
        )
        for message in messages:
            dispatcher.utter_message(text=message)
        if not tracker.get_slot("location"):
            say(dispatcher, tracker, "next_find_help")
        return [SlotSet("rights_explained", True)]


class ActionForgetCare(Action):
    """A new canceled care after the rights were explained: ask about it afresh."""

    def name(self) -> Text:
        return "action_forget_care"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        return [
            SlotSet("care_type", None),
            SlotSet("canceled_when", None),
            SlotSet("rights_explained", False),
        ]


class ActionExplainOutOfNetwork(Action):
    """Answers "can I see someone outside my plan?" with the out-of-network right and its cost rule."""

    def name(self) -> Text:
        return "action_explain_out_of_network"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        say(dispatcher, tracker, OUT_OF_NETWORK)
        return []
