"""Persistence, retention and deletion through the real Rasa server and action server, with the
tracker store's database read directly (SQL), never through Rasa.

One pair of servers for the module, started on a database that already holds a conversation past
retention and one within it; SMS texts are signed as Twilio signs them.
"""

import json
import sqlite3
import time
import urllib.request
from typing import Iterator

import pytest

from bot.catalog import say
from providers.db import sqlite_file
from tests.channels.conftest import AUTH_TOKEN, ID_SECRET, Phone
from tests.privacy.kept import DAY, anywhere, kept_actions, kept_rows, kept_texts, session, write
from tests.servers import RunningBot, start_bot

MARKER = "Quokka-3318"  # words only a patient wrote: they must never outlive a deletion or reach a log
ASKED = "delete this conversation?"
DELETED = "I deleted this conversation"


@pytest.fixture(scope="module")
def privacy_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    workdir = tmp_path_factory.mktemp("privacy-bot")
    url = f"sqlite:///{workdir / 'conversations.db'}"
    now = time.time()
    write(url, "past-retention", session(now - 31 * DAY, f"{MARKER} from long ago"))
    write(url, "within-retention", session(now - 29 * DAY, f"{MARKER} from last month"))
    write(url, "this-week", session(now - 2 * DAY, f"{MARKER} from this week"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
        patch.setenv("CARE_FINDER_ID_SECRET", ID_SECRET)
        patch.delenv("TWILIO_PUBLIC_URL", raising=False)
        patch.delenv("CARE_FINDER_RETENTION_DAYS", raising=False)
        patch.delenv("CARE_FINDER_MESSAGE_TEXT_DAYS", raising=False)
        running = start_bot(workdir, conversations_url=url)
    yield running
    running.stop()


def _retention_status(bot: RunningBot) -> dict:
    with urllib.request.urlopen(f"{bot.rasa_url}/webhooks/retention/", timeout=10) as response:
        return json.loads(response.read())


def test_the_server_deletes_conversations_past_retention_and_old_texts_by_itself(privacy_bot: RunningBot):
    deadline = time.monotonic() + 30
    while _retention_status(privacy_bot)["last_purge"] is None and time.monotonic() < deadline:
        time.sleep(0.5)
    status = _retention_status(privacy_bot)
    assert status["retention_days"] == 30 and status["deleted_conversations"] == 1
    assert status["message_text_days"] == 7 and status["blanked_events"] == 2  # a message and its reply
    assert kept_rows(privacy_bot.conversations_url, "past-retention") == 0
    assert kept_texts(privacy_bot.conversations_url, "within-retention") == [None]  # kept, without its words
    assert not anywhere(privacy_bot.conversations_url, "from last month")
    assert kept_texts(privacy_bot.conversations_url, "this-week") == [f"{MARKER} from this week"]


def test_a_conversation_continues_where_it_was_after_both_servers_restart(privacy_bot: RunningBot):
    sender = "restart-patient"
    privacy_bot.chat(sender, "Hi")
    asked = privacy_bot.say(sender, "Kaiser canceled my postpartum group last week")
    assert "How are you covered" in asked

    privacy_bot.restart()

    rights = privacy_bot.say(sender, "91367")  # the answer to the question asked before the restart
    assert "10 business days" in rights and "Wednesday, December 2" in rights  # care and date remembered


def test_each_event_of_a_conversation_is_stored_once_in_a_file_in_wal_mode(privacy_bot: RunningBot):
    sender = "stored-once"
    messages = ["Hi", "Kaiser canceled my postpartum group last week", "91367", "thanks"]
    for message in messages:
        assert privacy_bot.chat(sender, message)

    assert kept_texts(privacy_bot.conversations_url, sender) == messages
    # The session's start, then one listen after each answered message: none written twice or skipped.
    assert kept_actions(privacy_bot.conversations_url, sender).count("action_listen") == 1 + len(messages)
    path = sqlite_file(privacy_bot.conversations_url)
    with sqlite3.connect(path) as connection:  # the journal mode is kept in the file itself
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_stop_still_holds_after_a_restart_and_only_start_lifts_it(privacy_bot: RunningBot):
    phone = Phone(privacy_bot, "+14245550101")
    phone.says("Hi")
    assert "won't get more messages" in phone.says("STOP")

    privacy_bot.restart()

    phone = Phone(privacy_bot, phone.number)  # the new server's address
    assert phone.text("hello?").texts == []
    assert phone.text("my therapy was canceled").texts == []
    assert "welcome back" in phone.says("START")


def test_delete_my_data_over_rest_asks_then_leaves_no_trace(privacy_bot: RunningBot):
    sender, bystander = "rest-deleting", "rest-bystander"
    privacy_bot.chat(bystander, f"Hi {MARKER}")
    privacy_bot.chat(sender, "Hi")
    privacy_bot.chat(sender, f"Kaiser canceled my postpartum group {MARKER}")

    replies = privacy_bot.chat(sender, "delete my data")
    assert ASKED in replies[-1]["text"]
    assert [button["title"] for button in replies[-1]["buttons"]] == ["Yes, delete it", "No, keep it"]
    assert kept_rows(privacy_bot.conversations_url, sender) > 0  # nothing deleted before "yes"

    assert DELETED in privacy_bot.say(sender, "yes")
    assert kept_rows(privacy_bot.conversations_url, sender) == 0
    assert kept_texts(privacy_bot.conversations_url, bystander) == [f"Hi {MARKER}"]  # only that one
    assert "not a clinician or a lawyer" in privacy_bot.say(sender, "Hi")  # a fresh start


def test_delete_my_data_in_the_middle_of_a_question_ends_the_question(privacy_bot: RunningBot):
    sender = "rest-deleting-mid-question"
    assert "What kind of care" in privacy_bot.say(sender, "Hi")
    asked = privacy_bot.say(sender, "please delete my data")
    assert ASKED in asked and "What kind of care" not in asked
    assert DELETED in privacy_bot.say(sender, "/affirm")  # the button's payload
    assert kept_rows(privacy_bot.conversations_url, sender) == 0


def test_borrar_mis_datos_asks_too_and_si_confirms(privacy_bot: RunningBot):
    sender = "rest-borrar"
    privacy_bot.chat(sender, "Hola")
    assert say("utter_ask_delete_conversation", "es").text in privacy_bot.say(sender, "quiero borrar mis datos")
    assert say("utter_conversation_deleted", "es").text in privacy_bot.say(sender, "sí")  # in Spanish
    assert kept_rows(privacy_bot.conversations_url, sender) == 0


def test_saying_no_keeps_the_conversation(privacy_bot: RunningBot):
    sender = "rest-keeping"
    privacy_bot.chat(sender, f"Hi {MARKER}")
    privacy_bot.chat(sender, "delete my data")
    assert "I deleted nothing" in privacy_bot.say(sender, "no")
    assert f"Hi {MARKER}" in kept_texts(privacy_bot.conversations_url, sender)


@pytest.mark.parametrize("keyword", ["DELETE", "borrar"])
def test_delete_over_sms_asks_then_leaves_no_trace(privacy_bot: RunningBot, keyword: str):
    phone = Phone(privacy_bot, "+14245550102" if keyword == "DELETE" else "+14245550103")
    phone.says("Hi")
    phone.says(f"my therapy was canceled {MARKER}")

    asked = phone.says(keyword)
    assert ASKED in asked and "Reply 1 for Yes, delete it" in asked
    assert DELETED in phone.says("1")
    assert kept_rows(privacy_bot.conversations_url, phone.conversation) == 0


def test_nothing_deleted_reaches_the_logs_and_no_number_ever_does(privacy_bot: RunningBot):
    logs = privacy_bot.logs_text()
    assert "Traceback" not in logs
    assert MARKER not in logs and "Quokka" not in logs
    assert "555010" not in logs  # the phone numbers texted above
    assert not anywhere(privacy_bot.conversations_url, "+1424555")  # nor the tracker store
