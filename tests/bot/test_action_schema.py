"""Rasa's check of the action server's answers, with the schema checked once (bot/dialogue/action_schema.py):
an answer Rasa would refuse is still refused with the same message, a good one still passes."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.dialogue import action_schema

GOOD = {
    "events": [{"event": "slot", "name": "location", "value": "Pasadena"}, {"event": "active_loop", "name": None}],
    "responses": [{"text": "Here are places near Pasadena.", "buttons": []}],
}
BAD = [{"events": [{"event": "slot", "name": 5}], "responses": "no"}, {"events": "none"}, {"events": [{"name": "x"}]}]


def _refusal(action: RemoteAction, answer: dict) -> str:
    with pytest.raises(ValidationError) as refused:
        action._validate_action_result(answer)
    return refused.value.message


def test_answers_are_judged_as_rasa_judges_them():
    action = RemoteAction("action_find_resources", None)
    original = RemoteAction._validate_action_result
    before = [_refusal(action, answer) for answer in BAD]
    action_schema.install()
    try:
        assert action._validate_action_result(GOOD)
        assert [_refusal(action, answer) for answer in BAD] == before
        assert all("Failed to validate Action server response" in message for message in before)
    finally:
        RemoteAction._validate_action_result = original
