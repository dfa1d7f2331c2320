"""Ask for a slot, then re-ask once with a hint, then offer choices: never loop silently.

Validators count failed answers in the `reask_count` slot; each `action_ask_<slot>` says
`ask_<slot>`, `reask_<slot>` or `choices_<slot>` (bot/content/catalog.yml) from that count.
"""

from abc import ABC, abstractmethod
from typing import Any, Callable, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import counter, latest_intent, latest_text, say, signals_danger
from bot.dialogue.interruptions import INTERRUPTIONS

REASK_COUNT = "reask_count"
PROBLEM_SLOT = "answer_problem"


def take_answer(tracker: Tracker, slot: Text, readable: Callable[[str], bool]) -> Dict[Text, Any]:
    """The latest message as the candidate value of `slot`, for its validator to read.

    Never for a filled slot, a message that got crisis help or an answer to the safety net's gentle
    question (actions/conversation.py). While
    `slot` is being asked, any message is taken except an interruption (help, stop, a crisis
    the classifier guessed...) that is not `readable`; before it is asked (the form's first
    turn: "my postpartum group was canceled last week") only a `readable` one.
    """
    text = latest_text(tracker)
    if tracker.get_slot(slot) is not None or signals_danger(tracker):
        return {}
    asked = tracker.get_slot("requested_slot") == slot
    if readable(text) or (asked and latest_intent(tracker) not in INTERRUPTIONS):
        return {slot: text}
    return {}


def answer_text(value: Any) -> str:
    """A slot candidate as text for a validator to read. Anything else (a number, list or object,
    from a button payload or an entity) is no answer at all, never a crash."""
    return value if isinstance(value, str) else ""


def answer_not_understood(tracker: Tracker, slot: Text, problem: Text = "", **details: Any) -> Dict[Text, Any]:
    """Slot values a validator returns for an answer it could not use.

    `problem` names a message `problem_<problem>` said before the re-ask; `details`
    fill its {placeholders}.
    """
    noted = {"code": problem, **details} if problem else None
    return {slot: None, REASK_COUNT: counter(tracker, REASK_COUNT) + 1, PROBLEM_SLOT: noted}


def answer_understood(slot: Text, value: Any) -> Dict[Text, Any]:
    return {slot: value, REASK_COUNT: 0, PROBLEM_SLOT: None}


class AskForSlot(Action, ABC):
    """Base for `action_ask_<slot>`; subclasses set `slot` (abstract, so never registered itself)."""

    @property
    @abstractmethod
    def slot(self) -> Text:
        """The slot this action asks for."""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        failures = counter(tracker, REASK_COUNT)
        if failures == 0:
            say(dispatcher, tracker, f"ask_{self.slot}")
        elif failures == 1:
            problem = tracker.get_slot(PROBLEM_SLOT)
            if problem:
                details = {key: value for key, value in problem.items() if key != "code"}
                say(dispatcher, tracker, f"problem_{problem['code']}", **details)
            say(dispatcher, tracker, f"reask_{self.slot}")
        else:
            say(dispatcher, tracker, f"choices_{self.slot}")
        return [SlotSet("requested_slot", self.slot)]
