"""Care questions and rights, through the real action classes with a CollectingDispatcher."""

import asyncio

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.asking import PROBLEM_SLOT, REASK_COUNT
from actions.care import ActionAskCareType, ActionExplainRights, ValidateCareForm
from actions.complaints import ValidateComplaintForm
from actions.resources import ValidateLocationForm
from bot.catalog import SMS, buttons, catalog, say
from bot.rights.crisis_domain import SMS_CHANNEL
from bot.rights.facts import load_facts

# Values a slot candidate may carry from an entity or a changed tracker instead of text.
WRONG = ({"a": 1}, ["psychiatry"], 7, 2.5, None, True)
VALIDATORS = {
    "care_type": ValidateCareForm(),
    "canceled_when": ValidateCareForm(),
    "coverage": ValidateCareForm(),
    "offered": ValidateComplaintForm(),
    "location": ValidateLocationForm(),
}


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
    assert reask.messages[0]["text"] == say("reask_care_type").text
    assert not reask.messages[0]["buttons"]

    choices = CollectingDispatcher()
    asyncio.run(ActionAskCareType().run(choices, tracker_from("care_type_asked", reask_count=2), domain))
    assert choices.messages[0]["buttons"] == buttons("care_types") and len(buttons("care_types")) == 7


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


def test_a_spanish_conversation_gets_the_spanish_rights_and_buttons(tracker_from, domain):
    dispatcher = CollectingDispatcher()
    asyncio.run(
        ActionExplainRights().run(dispatcher, tracker_from("location_asked", location=None, language="es"), domain)
    )
    texts = [message["text"] for message in dispatcher.messages]
    assert "miércoles 2 de diciembre" in texts[0] and "1367.03" in texts[0]
    assert load_facts().text("complaints.say.route", "es") in texts
    assert texts[-1] == say("next_find_help", "es").text != say("next_find_help").text

    asked = CollectingDispatcher()
    asyncio.run(ActionAskCareType().run(asked, tracker_from("care_type_asked", language="es"), domain))
    assert asked.messages[0]["buttons"] == buttons("care_types", "es")


def test_over_sms_an_action_says_the_sms_variant(tracker_from, domain, monkeypatch):
    monkeypatch.setitem(catalog()["ask_care_type"], SMS, {"en": "Which care was canceled?"})
    tracker = tracker_from("care_type_asked")
    for sent_on, expected in ((SMS_CHANNEL, "Which care was canceled?"), ("rest", say("ask_care_type").text)):
        user = [event for event in tracker.events if event["event"] == "user"][-1]
        user["input_channel"] = sent_on
        dispatcher = CollectingDispatcher()
        asyncio.run(ActionAskCareType().run(dispatcher, tracker, domain))
        assert dispatcher.messages[0]["text"] == expected


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


def test_a_button_entity_of_the_wrong_type_is_asked_again_never_a_crash(tracker_from, domain):
    for value in ({"a": 1}, ["psychiatry"], 7, None, True):
        tracker = tracker_from("care_type_asked")
        tracker.latest_message["entities"] = [{"entity": "care_type", "value": value}]
        slots = _slots(asyncio.run(ValidateCareForm().run(CollectingDispatcher(), tracker, domain)))
        assert slots.get("care_type") is None, value


@pytest.mark.parametrize(
    "slot,value",
    [(slot, value) for slot in ("care_type", "canceled_when", "coverage", "offered", "location") for value in WRONG],
)
def test_every_validator_reads_a_value_of_the_wrong_type_as_no_answer(tracker_from, domain, slot, value):
    validate = getattr(VALIDATORS[slot], f"validate_{slot}")
    result = validate(value, CollectingDispatcher(), tracker_from("care_type_asked"), domain)
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    assert result[slot] is None and result[REASK_COUNT] == 1


@pytest.mark.parametrize(
    "typed,problem",
    [
        ("0001-01-01", "too_long_ago"),
        ("2025-11-22", "too_long_ago"),
        ("2031-05-01", "future"),
        ("2026-11-24", "future"),
    ],
)
def test_a_typed_iso_date_outside_the_past_year_is_asked_again_with_the_reason(tracker_from, domain, typed, problem):
    validate = ValidateCareForm().validate_canceled_when
    result = validate(typed, CollectingDispatcher(), tracker_from("care_type_asked"), domain)
    assert result["canceled_when"] is None and result[PROBLEM_SLOT] == {"code": problem}


def test_a_typed_iso_date_within_the_past_year_is_kept(tracker_from, domain):
    validate = ValidateCareForm().validate_canceled_when
    for typed in ("2025-11-23", "2026-11-23"):
        result = validate(typed, CollectingDispatcher(), tracker_from("care_type_asked"), domain)
        assert result["canceled_when"] == typed
