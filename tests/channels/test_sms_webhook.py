"""Texting the bot through the SMS webhook of the running Rasa server, signed as Twilio signs."""

import re
import statistics

from bot.channels.settings import TWILIO_MAX_CHARS
from bot.channels.sms_format import fits
from tests.channels.conftest import Phone, recorded_user_texts
from tests.servers import RunningBot

PUBLIC = "https://carefinder.example.org/webhooks/twilio/webhook"


def test_a_signed_text_gets_the_greeting_as_twiml_with_numbered_choices(phone: Phone):
    reply = phone.text("Hi")
    assert reply.status == 200
    assert "not a clinician or a lawyer" in reply.texts[0] and "988" in reply.texts[0]
    everything = "\n".join(reply.texts)
    assert "Reply 1 for Postpartum / pregnancy group" in everything
    assert "Reply 3 for Individual therapy" in everything
    assert reply.seconds < 5  # Twilio gives up after 15 s


def test_unsigned_forged_and_replayed_to_another_url_get_403_and_nothing_is_recorded(phone: Phone):
    forged = [
        phone.text("Hi", signature=""),
        phone.text("Hi", signature="bm90IGEgcmVhbCBzaWduYXR1cmU="),
        phone.text("Hi", signed_for="https://another-app.example.com/sms"),
        phone.text("Hi", signed_for=PUBLIC),  # no proxy said it forwarded that URL
    ]
    assert [reply.status for reply in forged] == [403, 403, 403, 403]
    assert all(reply.texts == [] for reply in forged)
    assert phone.recorded_user_texts() == []


def test_behind_a_proxy_the_forwarded_public_url_is_checked(phone: Phone):
    proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "carefinder.example.org"}
    assert phone.text("Hi", signed_for=PUBLIC, headers=proxy).status == 200
    assert phone.text("Hi", headers=proxy).status == 403  # signed for the inner URL


def test_the_same_twilio_message_replayed_is_answered_once(phone: Phone):
    first = phone.text("Hi", message_id="SM" + "7" * 32)
    again = phone.text("Hi", message_id="SM" + "7" * 32)
    assert first.texts and again.status == 200 and again.texts == []
    assert phone.recorded_user_texts() == ["Hi"]


def test_the_conversation_is_kept_under_a_keyed_hash_never_the_number(phone: Phone):
    phone.says("Hi")
    assert phone.conversation.startswith("sms-") and phone.number[1:] not in phone.conversation
    assert phone.recorded_user_texts() == ["Hi"]
    assert recorded_user_texts(phone.bot, phone.number) == []


def test_replying_with_a_number_picks_that_choice(phone: Phone):
    phone.says("Hi")
    assert "When was it canceled" in phone.says("1")
    assert phone.recorded_user_texts()[-1] == '/inform{"care_type": "postpartum"}'
    assert "How are you covered" in phone.says("last week")
    assert "ZIP" in phone.says("5")  # "Not sure" of the coverage choices


def test_a_number_with_no_such_choice_is_read_as_text(phone: Phone):
    assert "Reply 1 for Not sure" in phone.says("my therapy was canceled")
    phone.says("9")
    assert phone.recorded_user_texts()[-1] == "9"


def test_digits_int_cannot_read_get_a_kind_reply_and_other_scripts_digits_pick_the_choice(phone: Phone):
    phone.says("Hi")
    for body in ("²", "³", "①"):
        reply = phone.text(body)
        assert reply.status == 200 and reply.texts and all(reply.texts), (body, reply)
    assert "When was it canceled" in phone.says("\u0663")  # Arabic-Indic 3: individual therapy
    assert phone.recorded_user_texts()[-1] == '/inform{"care_type": "individual_therapy"}'


def test_a_typed_command_is_read_as_words(phone: Phone):
    assert "Reply 1 for Not sure" in phone.says("my therapy was canceled")
    assert phone.says("/restart")
    assert phone.recorded_user_texts()[-1] == "restart"


def test_a_long_answer_is_split_into_short_texts_and_nothing_is_lost(phone: Phone, channels_bot: RunningBot):
    turns = ["Hi", "Kaiser canceled my postpartum group last week", "not sure", "91367"]
    for body in turns[:-1]:
        phone.says(body)
        channels_bot.chat(phone.conversation + "-rest", body)
    sms = phone.text(turns[-1])
    rest = channels_bot.chat(phone.conversation + "-rest", turns[-1])
    assert len(sms.texts) > 3
    assert all(fits(text) and len(text) <= TWILIO_MAX_CHARS for text in sms.texts)
    assert _words(" ".join(sms.texts)) == _words(" ".join(r["text"] for r in rest))
    assert "Reply 3 for Free" in sms.texts[-1]
    assert not any(re.search(r"\*\*|\]\(", text) for text in sms.texts)  # no markdown


def test_crisis_help_comes_first(phone: Phone):
    phone.says("Hi")
    first = phone.text("I can't go on anymore").texts[0]
    assert "911" in first and "988" in first


def test_stop_confirms_and_silences_until_start(phone: Phone):
    phone.says("Hi")
    assert "won't get more messages" in phone.says("STOP")
    assert phone.text("hello?").texts == []
    assert phone.text("1").texts == []
    resumed = phone.says("start")
    assert "welcome back" in resumed and "not a clinician or a lawyer" in resumed
    assert "When was it canceled" in phone.says("1")


def test_a_replayed_start_does_not_undo_a_later_stop(phone: Phone):
    start_sid = "SM" + "5" * 32
    phone.says("STOP")
    assert "welcome back" in "\n".join(phone.text("START", message_id=start_sid).texts)
    phone.says("STOP")
    assert phone.text("START", message_id=start_sid).texts == []
    assert phone.text("hello?").texts == []


def test_every_stop_word_stops(channels_bot: RunningBot):
    for number, word in enumerate(["STOP", "stopall", "Unsubscribe", "CANCEL", "end", "QUIT."]):
        phone = Phone(channels_bot, f"+1213555{number:04d}")
        assert "won't get more messages" in phone.says(word), word
        assert phone.text("hi").texts == [], word
        assert "welcome back" in phone.says("UNSTOP")


def test_help_and_info_say_what_this_is_and_give_the_crisis_line(phone: Phone):
    for word in ("HELP", "info"):
        reply = phone.says(word)
        assert "Care Finder is a free chatbot" in reply and "Reply STOP" in reply
        assert "988" in reply and "911" in reply
    assert phone.recorded_user_texts() == []  # the conversation's open question stays open


def test_an_empty_text_or_a_picture_gets_a_kind_reply(phone: Phone):
    for reply in (phone.text(""), phone.text("", media=1), phone.text("   ")):
        assert reply.status == 200
        assert "I can only read text" in reply.texts[0] and "988" in reply.texts[0]


def test_a_text_over_the_size_cap_gets_a_polite_reply(phone: Phone):
    reply = phone.text("word " * 400)
    assert "too long" in reply.texts[0] and "988" in reply.texts[0]
    assert phone.recorded_user_texts() == []


def test_a_sender_over_the_rate_limit_is_asked_to_wait_once_but_stop_still_works(phone: Phone):
    replies = [phone.text("HELP") for _ in range(14)]
    assert all("free chatbot" in "".join(r.texts) for r in replies[:12])
    assert "faster than I can answer" in replies[12].texts[0]
    assert replies[13].texts == []
    assert "won't get more messages" in phone.says("STOP")


def test_webhook_latency_is_far_inside_twilios_15_seconds(phone: Phone):
    seconds = [phone.text(body).seconds for body in ("Hi", "1", "last week", "not sure", "91367")]
    assert statistics.median(seconds) < 1 and max(seconds) < 5, seconds


def _words(text: str) -> str:
    """Text without line breaks, choice lines and the separators SMS writes as "-" (GSM-7), to compare
    SMS with REST replies."""
    return " ".join(re.sub(r"Reply \d+ for [^\n]*| [·-] ", " ", text).split())
