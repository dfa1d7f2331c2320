"""The safety net through the real servers: crisis help first, wherever it comes in a conversation
and in the patient's language; everyday figurative words get their answer; a message that may hide
danger gets one gentle question; and no turn is silent when the action server is down or slow."""

import signal
import time
from typing import Iterator

import pytest

from tests.servers import RunningBot, moved, start_bot

CRISIS = ("911", "988", "1-833-852-6262", "741741")
# One message of each danger kind, and where each question of the conversation is reached.
DANGER = [
    "i want to kms",
    "thinking about jumping off the bridge tonight",
    "i keep cutting my arms again",
    "im scared ill hurt my baby",
    "i just took all my pills",
    "my husband hits me",
]
QUESTIONS = {
    "what care": [],
    "when": ["my therapy was canceled"],
    "coverage": ["my therapy was canceled", "last week"],
    "where": ["my therapy was canceled", "last week", "medi-cal"],
}
QUESTION_WORDS = {
    "what care": "What kind of care",
    "when": "When was it canceled",
    "coverage": "How are you covered",
    "where": "Where are you",
}


def _is_crisis_reply(text: str) -> bool:
    return all(number in text for number in CRISIS[:2])


def _reach(bot: RunningBot, sender: str, question: str) -> None:
    bot.chat(sender, "hi")
    for answer in QUESTIONS[question]:
        bot.chat(sender, answer)


@pytest.mark.parametrize("message", DANGER)
def test_a_danger_message_as_the_first_message_gets_crisis_help(bot: RunningBot, sender, message):
    replies = bot.chat(sender, message)
    assert replies and _is_crisis_reply(replies[0]["text"]), replies


@pytest.mark.parametrize("question", QUESTIONS)
def test_danger_in_the_middle_of_each_question_gets_crisis_help_then_the_question_again(
    bot: RunningBot, sender, question
):
    _reach(bot, sender, question)
    replies = bot.chat(sender, "honestly i dont want to be here anymore")
    assert _is_crisis_reply(replies[0]["text"]), replies
    assert QUESTION_WORDS[question] in replies[-1]["text"], replies


def test_danger_in_the_complaint_questions_gets_crisis_help_then_the_question_again(bot: RunningBot, sender):
    bot.chat(sender, "I want to file a complaint")
    replies = bot.chat(sender, "i wish i was dead")
    assert _is_crisis_reply(replies[0]["text"]) and len(replies) > 1, replies


def test_spanish_danger_gets_crisis_help_in_spanish(bot: RunningBot, sender):
    bot.chat(sender, "hi")
    reply = bot.say(sender, "ya no kiero vivir, kisiera dormir y no despertar")
    assert "Llame al 911" in reply or "llame al 911" in reply
    assert "988" in reply and "español" in reply


def test_signs_of_postpartum_psychosis_get_emergency_care_first(bot: RunningBot, sender):
    reply = bot.chat(sender, "this baby isnt mine, they switched him and the voices say so")[0]["text"]
    assert "emergency" in reply and "911" in reply and "988" in reply


def test_an_everyday_message_with_a_figurative_phrase_gets_its_answer(bot: RunningBot, sender):
    bot.chat(sender, "hi")
    reply = bot.say(sender, "this waitlist is killing me, kaiser canceled my postpartum group")
    assert "988" not in reply or "When was it canceled" in reply
    assert not _is_crisis_reply(reply.split("\n")[0])
    assert "When was it canceled" in reply


@pytest.mark.parametrize(
    "message",
    [
        "my suicide prevention group was canceled",
        "its not safe driving that far with a newborn",
        "i dont want to wake up at 5am for the bus",
    ],
)
def test_danger_words_used_as_a_topic_or_everyday_raise_no_alarm(bot: RunningBot, sender, message):
    bot.chat(sender, "hi")
    replies = bot.chat(sender, message)
    assert not _is_crisis_reply(replies[0]["text"]), replies


def test_a_message_that_may_hide_danger_is_answered_then_asked_gently_and_yes_gets_crisis_help(bot: RunningBot, sender):
    bot.chat(sender, "hi")
    replies = bot.chat(sender, "my therapy was canceled and honestly i cant do this anymore")
    assert "When was it canceled" in replies[0]["text"]
    assert "yes or no" in replies[-1]["text"] and "988" in replies[-1]["text"]
    after_yes = bot.chat(sender, "yes")
    assert _is_crisis_reply(after_yes[0]["text"])
    assert "When was it canceled" in after_yes[-1]["text"]


def test_no_to_the_gentle_question_is_thanked_and_the_conversation_goes_on(bot: RunningBot, sender):
    bot.chat(sender, "hi")
    bot.chat(sender, "my therapy was canceled and honestly i cant do this anymore")
    replies = bot.chat(sender, "no")
    assert "Thank you for telling me" in replies[0]["text"]
    assert "When was it canceled" in replies[-1]["text"]
    assert "How are you covered" in bot.say(sender, "last week")


@pytest.fixture(scope="module")
def bot_without_actions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    """Both servers started, then the action server stopped (a 2-second limit for slow actions)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARE_FINDER_ACTION_TIMEOUT_SECONDS", "2")
        running = start_bot(tmp_path_factory.mktemp("no-actions"))
    yield running
    running.stop()


def test_a_slow_action_server_gets_a_kind_reply_in_time_and_the_conversation_resumes(bot_without_actions: RunningBot):
    action_server = bot_without_actions.processes[0]
    bot_without_actions.chat("slow-1", "hi")
    _, before = bot_without_actions.metrics()
    action_server.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        reply = bot_without_actions.say("slow-1", "my therapy was canceled")
        assert time.monotonic() - started < 10
        assert "try again in a few minutes" in reply and "988" in reply
    finally:
        action_server.send_signal(signal.SIGCONT)
    _, after = bot_without_actions.metrics()
    assert moved(before, after, "care_finder_try_again_replies_total", channel="rest") == 1
    assert "When was it canceled" in bot_without_actions.say("slow-1", "my therapy was canceled")


@pytest.mark.parametrize("message", ["hi", "help", "Kaiser canceled my group", "asdf qwer", "91367", "thanks"])
def test_with_the_action_server_down_no_reply_is_empty(bot_without_actions: RunningBot, message):
    action_server = bot_without_actions.processes[0]
    if action_server.poll() is None:
        action_server.terminate()
        action_server.wait(timeout=20)
    replies = bot_without_actions.chat(f"down-{message}", message)
    assert replies and all(reply.get("text") for reply in replies), replies
    if message != "thanks":  # "you're welcome" is the whole answer; every other one gives the hotlines
        assert any("988" in reply["text"] for reply in replies), replies


def test_with_the_action_server_down_danger_still_gets_crisis_help(bot_without_actions: RunningBot):
    action_server = bot_without_actions.processes[0]
    if action_server.poll() is None:
        action_server.terminate()
        action_server.wait(timeout=20)
    reply = bot_without_actions.say("down-danger", "I want to die")
    assert _is_crisis_reply(reply) and "1-833-852-6262" in reply
    bot_without_actions.chat("down-danger-2", "hi")
    assert _is_crisis_reply(bot_without_actions.say("down-danger-2", "quiero morirme"))
