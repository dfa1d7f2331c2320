"""The SMS channel's parts on their own: settings, public URL, formatting, limits, API mode."""

import asyncio
import re
from pathlib import Path

import pytest

from bot.channels.guards import RateLimiter, SeenOnce
from bot.channels.settings import SmsConfigurationError, SmsSettings
from bot.channels.signature import public_url
from bot.channels.sms_api import TwilioApiSender
from bot.channels.sms_format import sms_texts, split
from bot.channels.sms_keywords import HELP, START, STOP, keyword
from bot.channels.sms_segments import GSM_7, UCS_2, encoding, segments
from bot.wording import CONTENT_DIR

ARRIVED = "http://10.0.0.5:5005/webhooks/twilio/webhook?x=1"


def test_with_a_token_the_channel_refuses_to_start_without_the_id_secret():
    with pytest.raises(SmsConfigurationError, match="CARE_FINDER_ID_SECRET"):
        SmsSettings.load({}, {"TWILIO_AUTH_TOKEN": "token"})


def test_without_a_token_the_channel_stays_closed_and_the_bot_still_starts():
    assert not SmsSettings.load({}, {}).enabled


def test_api_mode_needs_the_account_and_the_number():
    env = {"TWILIO_AUTH_TOKEN": "token", "CARE_FINDER_ID_SECRET": "secret"}
    with pytest.raises(SmsConfigurationError, match="TWILIO_PHONE_NUMBER"):
        SmsSettings.load({"reply_mode": "api"}, env)
    with pytest.raises(SmsConfigurationError, match="reply_mode"):
        SmsSettings.load({"reply_mode": "carrier pigeon"}, env)


def test_the_public_url_is_the_configured_one_then_the_forwarded_one_then_the_arrival():
    public = "https://carefinder.example.org/webhooks/twilio/webhook"
    assert public_url(public, {"x-forwarded-host": "evil.example"}, ARRIVED) == public
    forwarded = {"x-forwarded-proto": "https, http", "x-forwarded-host": "bot.example.org"}
    assert public_url(None, forwarded, ARRIVED) == "https://bot.example.org/webhooks/twilio/webhook?x=1"
    assert public_url(None, {}, ARRIVED) == ARRIVED


@pytest.mark.parametrize(
    "body,kind",
    [
        ("STOP", (STOP, "en")),
        (" quit. ", (STOP, "en")),
        ("Start", (START, "en")),
        ("help!", (HELP, "en")),
        ("INFO", (HELP, "en")),
        ("stop texting me", None),
        ("ALTO", (STOP, "es")),
        ("Parar.", (STOP, "es")),
        ("cancelar", (STOP, "es")),
        ("AYUDA", (HELP, "es")),
        ("¡Ayuda!", (HELP, "es")),
        ("me cancelaron la terapia", None),
        ("cancelar mi cita", None),
    ],
)
def test_keywords_are_whole_messages_in_english_or_spanish(body, kind):
    assert keyword(body) == kind


def test_long_texts_are_cut_at_sentences_and_each_costs_at_most_its_budget_of_segments():
    sentence = "Your plan must offer an appointment within ten business days. "
    parts = split(sentence * 30)
    assert all(segments(part) <= 2 and encoding(part) == GSM_7 for part in parts)
    assert all(part.endswith("days.") for part in parts)
    # 306 GSM-7 characters fill two segments exactly (320 would cost three)
    assert [(len(part), segments(part)) for part in split("x" * 700)] == [(306, 2), (306, 2), (88, 1)]


def test_spanish_with_accents_goes_as_ucs_2_and_is_packed_to_fill_five_segments():
    sentence = "Su plan debe ofrecerle una cita en diez días hábiles. "
    parts = split(sentence * 30)
    assert all(encoding(part) == UCS_2 and segments(part) <= 5 for part in parts)
    assert all(part.endswith("hábiles.") for part in parts)
    assert [(len(part), segments(part)) for part in split("á" * 700)] == [(335, 5), (335, 5), (30, 1)]


def test_buttons_become_numbered_choices_and_markdown_plain_text():
    [text] = sms_texts(
        [
            {
                "text": "See **this** [page](https://dmhc.ca.gov).",
                "buttons": [{"title": "Free", "payload": "/a"}, {"title": "More", "payload": "/b"}],
            }
        ]
    )
    assert text == "See this page (https://dmhc.ca.gov).\nReply 1 for Free\nReply 2 for More"


def test_a_sender_is_refused_past_the_limit_and_welcome_again_after_the_window():
    now = [0.0]
    limiter = RateLimiter(2, window_seconds=60, clock=lambda: now[0])
    assert [limiter.hit("a"), limiter.hit("a"), limiter.hit("a"), limiter.hit("b")] == [0, 0, 1, 0]
    now[0] = 61
    assert limiter.hit("a") == 0


def test_a_message_id_is_seen_once():
    seen = SeenOnce(capacity=2)
    assert [seen.first_time(i) for i in ("a", "a", "b", "c", "a")] == [True, False, True, True, True]
    assert seen.seen("c") and not seen.seen("b")


class FakeTwilioMessages:
    """Stands in for Twilio's cloud: records what would have been sent."""

    def __init__(self) -> None:
        self.sent = []

    async def create_async(self, **message):
        await asyncio.sleep(0)
        self.sent.append(message)


def test_api_mode_sends_each_text_in_order_without_blocking():
    messages = FakeTwilioMessages()
    client = type("FakeClient", (), {"messages": messages})()
    asyncio.run(TwilioApiSender(client, "+15005550006").send("+13105550100", ["one", "two"]))
    assert messages.sent == [
        {"to": "+13105550100", "from_": "+15005550006", "body": "one"},
        {"to": "+13105550100", "from_": "+15005550006", "body": "two"},
    ]


def test_the_web_page_holds_no_phone_number_of_its_own():
    web = Path(CONTENT_DIR).parent / "web"
    for path in web.rglob("*"):
        if path.suffix in {".html", ".js", ".css"}:
            assert not re.search(r"\b988\b|\b911\b", path.read_text(encoding="utf-8")), path


def test_punctuation_with_a_gsm_7_look_alike_keeps_an_english_text_in_gsm_7():
    [text] = sms_texts([{"text": "1. Mom’s Group\npostpartum support · free · “online” – 24/7…"}])
    assert text == '1. Mom\'s Group\npostpartum support - free - "online" - 24/7...'
    assert encoding(text) == GSM_7
    [spanish] = sms_texts([{"text": "terapia en línea · gratis"}], "es")
    assert spanish == "terapia en línea - gratis" and encoding(spanish) == UCS_2  # letters are never changed
