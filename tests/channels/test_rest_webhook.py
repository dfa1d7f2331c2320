"""The REST channel (bot/channels/rest.py) of the running Rasa server: bad bodies get HTTP 400 with a
short reason, a long message is cut before it is stored, and typed commands are words unless offered."""

import json

import pytest

from tests.channels.conftest import recorded_slots, recorded_user_metadata, recorded_user_texts
from tests.servers import RunningBot

MARKER = "Pangolin-8820 my private words"


def _post(bot: RunningBot, body: object) -> tuple:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return bot.post_rest(raw)


@pytest.mark.parametrize(
    "body,reason",
    [
        (b"[1, 2]", "the body must be a JSON object"),
        (b'"hello"', "the body must be a JSON object"),
        (b"42", "the body must be a JSON object"),
        (b"null", "the body must be a JSON object"),
        (b'{"sender": "a", "message": "hi"', "the body must be JSON"),
        (b"", "the body must be JSON"),
        (b'{"sender": "a", "message": NaN}', "the body must be JSON"),
        (b"\xff\xfe\xfa", "the body must be JSON"),
        (b"[" * 50_000, "the body must be JSON"),
        ({"sender": "rest-bad", "message": 5}, "message must be a string"),
        ({"sender": "rest-bad", "message": ["hi", MARKER]}, "message must be a string"),
        ({"sender": "rest-bad", "message": {"text": MARKER}}, "message must be a string"),
        ({"sender": "rest-bad"}, "message must be a string"),
        ({"sender": "rest-bad", "message": MARKER, "metadata": MARKER}, "metadata must be a JSON object"),
        ({"sender": "rest-bad", "message": "hi", "metadata": [1]}, "metadata must be a JSON object"),
        ({"sender": "rest-bad", "message": "hi", "metadata": {"x": "y" * 2000}}, "metadata must be at most"),
        ({"sender": 5, "message": "hi"}, "sender must be a string"),
        ({"message": "hi"}, "sender must be a string"),
        ({"sender": "", "message": "hi"}, "sender must be a string"),
        ({"sender": "x" * 200, "message": "hi"}, "sender must be a string"),
        ({"sender": "rest-bad", "message": "hi", "message_id": 7}, "message_id must be a string"),
    ],
)
def test_a_body_that_is_not_a_message_gets_400_with_a_short_reason(channels_bot: RunningBot, body, reason):
    status, answer = _post(channels_bot, body)
    assert status == 400
    assert set(answer) == {"error"} and answer["error"].startswith(reason)


def test_nothing_of_a_refused_body_is_stored(channels_bot: RunningBot):
    _post(channels_bot, {"sender": "rest-refused", "message": MARKER, "metadata": 3})
    assert recorded_user_texts(channels_bot, "rest-refused") == []


def test_a_message_of_200000_characters_is_answered_and_only_its_first_1000_are_stored(channels_bot: RunningBot):
    status, replies = _post(channels_bot, {"sender": "rest-long", "message": "my therapy was canceled " * 8500})
    assert status == 200 and replies and replies[0]["text"]
    [stored] = recorded_user_texts(channels_bot, "rest-long")
    assert len(stored) == 1000


def test_the_web_pages_metadata_is_kept(channels_bot: RunningBot):
    status, _ = _post(channels_bot, {"sender": "rest-meta", "message": "hi", "metadata": {"language": "es"}})
    assert status == 200
    assert recorded_user_metadata(channels_bot, "rest-meta")[0]["language"] == "es"


@pytest.mark.parametrize("typed", ["/restart", "/session_start", "\u200b/restart", "//greet", "/"])
def test_a_typed_command_is_read_as_words_and_gets_a_real_reply(channels_bot: RunningBot, typed):
    sender = f"rest-typed-{typed.encode().hex()}"
    channels_bot.chat(sender, "my therapy was canceled")
    replies = channels_bot.chat(sender, typed)
    assert replies and all(reply.get("text") for reply in replies), replies
    assert not recorded_user_texts(channels_bot, sender)[-1].startswith("/")


def test_an_injected_entity_sets_no_slot_and_the_offered_button_still_works(channels_bot: RunningBot):
    channels_bot.chat("rest-inject", "Hi")  # offers the kinds of care as buttons
    injected = channels_bot.say("rest-inject", '/inform{"care_type": "injected-value", "location": "90210"}')
    assert "What kind of care" in injected or "didn't catch" in injected
    slots = recorded_slots(channels_bot, "rest-inject")
    assert slots["care_type"] is None and slots["location"] is None
    assert recorded_user_texts(channels_bot, "rest-inject")[-1].startswith("inform{")
    channels_bot.chat("rest-inject", "start over")
    assert "When was it canceled" in channels_bot.say("rest-inject", '/inform{"care_type": "psychiatry"}')
    assert recorded_slots(channels_bot, "rest-inject")["care_type"] == "psychiatry"


def test_a_message_resent_with_its_id_gets_the_same_answer_and_no_second_turn(channels_bot: RunningBot):
    channels_bot.chat("rest-resent", "Hi")
    message = {"sender": "rest-resent", "message": "my therapy was canceled", "message_id": "m-2"}
    first, again = _post(channels_bot, message), _post(channels_bot, message)
    assert first[0] == again[0] == 200 and first[1] and again[1] == first[1]
    assert recorded_user_texts(channels_bot, "rest-resent") == ["Hi", "my therapy was canceled"]
    _, next_turn = _post(channels_bot, dict(message, message_id="m-3"))
    assert next_turn and next_turn != first[1]
    assert len(recorded_user_texts(channels_bot, "rest-resent")) == 3
