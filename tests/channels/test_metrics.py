"""Prometheus metrics of the running Rasa server (GET /webhooks/metrics/), after real REST, web and
signed SMS turns: each channel's counters move by what it was sent, and the output holds no message
text, conversation id or phone number. (The action server's: tests/hardening/.)"""

import json
import urllib.request

from tests.channels.conftest import Phone
from tests.servers import RunningBot, moved

MARKER = "Wombat-7741"  # words only the patients below wrote
MAY_HIDE_DANGER = "my therapy was canceled and honestly i cant do this anymore"  # the gentle question


def post_web(bot: RunningBot, sender: str, message: str) -> int:
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(f"{bot.rasa_url}/webhooks/web/webhook", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert json.loads(answer.read())  # the web page's messages are answered as REST's are
        return answer.status


def test_each_channel_is_counted_apart_and_nothing_identifying_is_exposed(channels_bot: RunningBot, phone: Phone):
    _, before = channels_bot.metrics()
    rest_sender, web_sender = "metrics-rest-patient-41", "web-" + "4" * 32

    channels_bot.chat(rest_sender, "Hi")
    channels_bot.chat(rest_sender, f"Kaiser canceled my therapy {MARKER}")
    channels_bot.chat("metrics-rest-patient-42", "i want to kill myself")  # danger: crisis help
    assert post_web(channels_bot, web_sender, f"Hi {MARKER}") == 200
    phone.says("Hi")
    phone.says(f"my therapy was canceled {MARKER}")
    other_phone = Phone(channels_bot, "+14155550142")
    assert "yes or no" in other_phone.says(MAY_HIDE_DANGER)
    too_long = "i want to kill myself " + "please " * 300  # crisis help from the SMS channel itself
    assert "911" in phone.text(too_long).texts[0]
    assert channels_bot.post_rest(b"[1, 2]")[0] == 400
    assert phone.text("Hi", signature="not-a-signature").status == 403

    text, after = channels_bot.metrics()
    assert moved(before, after, "care_finder_turns_total", channel="rest") == 3
    assert moved(before, after, "care_finder_turns_total", channel="web") == 1
    assert moved(before, after, "care_finder_turns_total", channel="twilio") == 3
    assert moved(before, after, "care_finder_crisis_replies_total", channel="rest", outcome="danger") == 1
    assert moved(before, after, "care_finder_crisis_replies_total", channel="rest", outcome="possible") == 0
    assert moved(before, after, "care_finder_crisis_replies_total", channel="twilio", outcome="possible") == 1
    assert moved(before, after, "care_finder_crisis_replies_total", channel="twilio", outcome="danger") == 1
    assert moved(before, after, "care_finder_reply_seconds_count", channel="rest") == 3
    assert moved(before, after, "care_finder_reply_seconds_count", channel="twilio") == 4
    assert moved(before, after, "care_finder_reply_seconds_sum", channel="rest") > 0
    assert moved(before, after, "care_finder_http_errors_total", channel="rest", status="400") == 1
    assert moved(before, after, "care_finder_http_errors_total", channel="twilio", status="403") == 1
    assert moved(before, after, "care_finder_try_again_replies_total", channel="rest") == 0

    numbers = (phone.number[-7:], other_phone.number[-7:], phone.conversation, other_phone.conversation)
    for secret in (MARKER, "Kaiser", "kill", rest_sender, web_sender, *numbers):
        assert secret not in text
    labels = {name for (_, pairs) in after for name, _ in pairs}
    assert labels <= {"channel", "outcome", "status", "le"}
