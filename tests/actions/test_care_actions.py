"""Care questions and rights, through the real action classes with a CollectingDispatcher."""

import asyncio

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.asking import REASK_COUNT
from actions.care import ActionAskCareType, ActionExplainRights, ValidateCareForm


def _slots(events):
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def test_first_message_fills_the_care_type_and_the_date(tracker_from, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateCareForm().run(dispatcher, tracker_from("care_form_first_message"), domain))
    slots = _slots(events)
    assert slots["care_type"] == "postpartum"
    assert slots["canceled_when"] == "2026-11-16"
    assert dispatcher.messages == []


def test_an_unreadable_answer_is_counted_and_asked_again_then_choices(tracker_from, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateCareForm().run(dispatcher, tracker_from("care_type_asked"), domain))
    slots = _slots(events)
    assert slots["care_type"] is None and slots[REASK_COUNT] == 1

    reask = CollectingDispatcher()
    asyncio.run(ActionAskCareType().run(reask, tracker_from("care_type_asked", reask_count=1), domain))
    assert "didn't catch" in reask.messages[0]["text"]
    assert not reask.messages[0]["buttons"]

    choices = CollectingDispatcher()
    asyncio.run(ActionAskCareType().run(choices, tracker_from("care_type_asked", reask_count=2), domain))
    assert len(choices.messages[0]["buttons"]) == 7


def test_a_button_payload_sets_the_care_type(tracker_from, domain):
    tracker = tracker_from("care_type_asked")
    tracker.latest_message["entities"] = [{"entity": "care_type", "value": "psychiatry"}]
    events = asyncio.run(ValidateCareForm().run(CollectingDispatcher(), tracker, domain))
    assert _slots(events)["care_type"] == "psychiatry"


def test_rights_for_a_postpartum_group_name_the_deadline_and_the_law(tracker_from, domain):
    dispatcher = CollectingDispatcher()
    tracker = tracker_from("location_asked", location=None)
    events = asyncio.run(ActionExplainRights().run(dispatcher, tracker, domain))
    text = "\n".join(message["text"] for message in dispatcher.messages)
    assert "Wednesday, December 2" in text and "1367.03" in text
    assert SlotSet("rights_explained", True) in events


def test_answers_already_read_survive_a_new_form(tracker_from, domain):
    """A form re-validates filled slots when it starts: canonical values must stay as they are."""
    tracker = tracker_from("care_form_first_message", canceled_when="unknown", coverage="not_sure")
    tracker.slots["care_type"] = "post_discharge"
    tracker.latest_message["text"] = "how do I complain"
    events = asyncio.run(ValidateCareForm().run(CollectingDispatcher(), tracker, domain))
    assert all(value is not None for value in _slots(events).values() if value != 0)
    for value, slot in (("unknown", "canceled_when"), ("2026-11-16", "canceled_when"), ("medi_cal", "coverage")):
        validator = getattr(ValidateCareForm(), f"validate_{slot}")
        assert validator(value, CollectingDispatcher(), tracker, domain)[slot] == value
