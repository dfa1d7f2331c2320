"""The NLU pipeline's last component sets the conversation's language (bot/nlu/overrides.py)."""

from typing import Optional

from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.overrides import IntentOverrides


def _parsed(text: str, classified: str = "inform") -> Message:
    message = Message(data={TEXT: text})
    guess = {"name": classified, "confidence": 0.8}
    message.set(INTENT, guess)
    message.set(INTENT_RANKING_KEY, [guess, {"name": "greet", "confidence": 0.2}])
    IntentOverrides().process([message])
    return message


def _language(message: Message) -> Optional[str]:
    return next((entity["value"] for entity in message.get(ENTITIES) or [] if entity["entity"] == "language"), None)


def test_a_spanish_message_keeps_its_intent_and_sets_the_language():
    message = _parsed("me cancelaron la terapia por la huelga", "report_canceled_care")
    assert message.get(INTENT)["name"] == "report_canceled_care"
    assert _language(message) == "es"


def test_an_english_message_sets_english_and_a_short_answer_sets_nothing():
    assert _language(_parsed("my therapy was canceled", "report_canceled_care")) == "en"
    assert _language(_parsed("91367")) is None
    assert _language(_parsed("si", "affirm")) is None


def test_a_switch_request_is_the_switch_intent_with_the_language():
    message = _parsed("ESPAÑOL", "inform")
    assert message.get(INTENT) == {"name": "switch_language", "confidence": 1.0}
    assert _language(message) == "es"
    assert _language(_parsed("in English")) == "en"


def test_a_language_the_bot_does_not_speak_is_other_language_with_no_language_set():
    message = _parsed("我需要帮助", "greet")
    assert message.get(INTENT)["name"] == "other_language"
    assert _language(message) is None


def test_danger_in_spanish_is_still_crisis_first():
    message = _parsed("quiero morirme", "inform")
    assert message.get(INTENT)["name"] == "crisis"
    assert _language(message) == "es"
