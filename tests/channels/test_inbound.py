"""What every channel does to a text before Rasa stores it (bot/channels/inbound.py)."""

import pytest

from bot.channels.inbound import patient_text

CARE_BUTTON = '/inform{"care_type": "psychiatry"}'


def test_only_the_first_1000_characters_are_passed_on():
    assert patient_text("x" * 200_000, []) == "x" * 1000


def test_an_offered_payload_typed_or_clicked_is_a_command():
    assert patient_text(CARE_BUTTON, [CARE_BUTTON, "/help"]) == CARE_BUTTON
    assert patient_text(" \u200b" + CARE_BUTTON, [CARE_BUTTON]) == CARE_BUTTON


@pytest.mark.parametrize(
    "typed,words",
    [
        ("/restart", "restart"),
        ("\u200b/session_start", "session_start"),
        ("/ /restart", "restart"),
        ("//greet", "greet"),
        ("/", ""),
        ('/inform{"care_type": {"a": 1}}', 'inform{"care_type": {"a": 1}}'),
        (CARE_BUTTON + " please", 'inform{"care_type": "psychiatry"} please'),
        ('/switch_language{"language": "fr"}', 'switch_language{"language": "fr"}'),
        ('/switch_language{"language": "es", "care_type": "x"}', 'switch_language{"language": "es", "care_type": "x"}'),
    ],
)
def test_any_other_command_is_read_as_words(typed, words):
    assert patient_text(typed, [CARE_BUTTON]) == words


@pytest.mark.parametrize("switch", ['/switch_language{"language": "es"}', '/switch_language{"language":"en"}'])
def test_the_language_switch_is_always_on_offer(switch):
    assert patient_text(switch, []) == switch


def test_ordinary_text_and_plain_payloads_pass_unchanged():
    assert patient_text("my therapy\x00 was canceled", []) == "my therapy\x00 was canceled"
    assert patient_text("not sure", ["not sure"]) == "not sure"
