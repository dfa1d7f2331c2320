"""Crisis help over SMS: the short reply (two segments at most), in Spanish for a Spanish text, and
even where Rasa is not asked (over the rate limit, over the size cap)."""

from tests.channels.conftest import Phone
from tests.rights.test_crisis_domain import sms_segments


def _crisis(texts) -> str:
    first = texts[0]
    assert "911" in first and "988" in first, texts
    return first


def test_a_danger_text_as_the_first_text_gets_the_short_crisis_reply(phone: Phone):
    first = _crisis(phone.text("i want to kms").texts)
    assert "1-833-852-6262" in first and sms_segments(first) <= 2


def test_a_spanish_danger_text_gets_the_crisis_reply_in_spanish(phone: Phone):
    phone.says("Hi")
    first = _crisis(phone.text("ya no kiero vivir").texts)
    assert "llame al 911" in first.lower() and sms_segments(first) <= 2


def test_psychosis_signs_over_sms_get_emergency_care_first(phone: Phone):
    first = _crisis(phone.text("i hear voices telling me the baby is not mine").texts)
    assert "emergency" in first


def test_a_danger_text_over_the_rate_limit_still_gets_crisis_help(phone: Phone):
    for _ in range(13):
        phone.text("HELP")
    _crisis(phone.text("i want to die").texts)


def test_a_danger_text_over_the_size_cap_still_gets_crisis_help(phone: Phone):
    reply = phone.text("i want to kill myself. " + "please " * 300)
    _crisis(reply.texts)
    assert any("too long" in text for text in reply.texts)
