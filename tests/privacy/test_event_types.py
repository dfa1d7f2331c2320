"""Stored events are read back exactly as Rasa's own deserialisation reads them."""

from datetime import datetime, timezone

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    FollowupAction,
    ReminderScheduled,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
    deserialise_events,
)
from rasa.shared.utils.common import all_subclasses

from bot.privacy.event_types import event_class, events_from_dicts


def test_each_event_type_name_finds_the_class_rasa_finds() -> None:
    type_names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(type_names) > 20
    for type_name in type_names:
        assert event_class(type_name) is Event.resolve_by_type(type_name), type_name


def test_a_conversation_reads_back_as_rasa_reads_it() -> None:
    parse = {"intent": {"name": "inform", "confidence": 0.9}, "entities": [], "text": "91367"}
    conversation = [
        ActionExecuted("action_session_start", timestamp=1.0),
        SessionStarted(timestamp=1.1),
        UserUttered("91367", parse_data=parse, timestamp=2.0, input_channel="rest"),
        SlotSet("language", "es", timestamp=2.1),
        ActiveLoop("care_form", timestamp=2.2),
        BotUttered("hola", data={"buttons": [{"title": "Sí", "payload": "/affirm"}]}, timestamp=2.3),
        FollowupAction("action_listen", timestamp=2.4),
        ReminderScheduled("EXTERNAL_check_in", datetime(2026, 12, 3, 17, tzinfo=timezone.utc), timestamp=2.5),
        Restarted(timestamp=3.0),
    ]
    stored = [event.as_dict() for event in conversation]
    read_back = events_from_dicts(stored)
    assert read_back == deserialise_events(stored)
    assert [event.as_dict() for event in read_back] == stored


def test_an_unknown_event_type_is_refused_as_rasa_refuses_it() -> None:
    with pytest.raises(ValueError):
        events_from_dicts([{"event": "no_such_event", "timestamp": 1.0}])
