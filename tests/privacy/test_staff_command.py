"""The staff command, run as staff run it: `python -m bot.privacy ...` against a real database."""

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Optional

import pytest

from bot.channels.pseudonym import conversation_id
from tests.privacy.kept import DAY, kept_rows, kept_texts, session, write

REPO = Path(__file__).resolve().parents[2]
SECRET = "staff-test-secret"


def staff(url: str, *args: str, env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess:
    environment = dict(os.environ, TRACKER_STORE_URL=url, CARE_FINDER_ID_SECRET=SECRET, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "bot.privacy", *args],
        cwd=REPO,
        env={**environment, **(env or {})},
        capture_output=True,
        text=True,
    )


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'conversations.db'}"


def test_delete_by_phone_finds_the_conversation_the_sms_channel_keyed_and_nothing_else(url: str):
    texted = conversation_id("+13105550177", SECRET.encode())
    write(url, texted, session(time.time(), "texted words"))
    write(url, "someone-else", session(time.time(), "other words"))

    done = staff(url, "delete", "--phone", "+1 (310) 555-0177")

    assert done.returncode == 0 and "Deleted that conversation" in done.stdout
    assert kept_rows(url, texted) == 0
    assert kept_texts(url, "someone-else") == ["other words"]
    assert "555" not in done.stdout + done.stderr  # the number is not echoed


def test_delete_by_conversation_id_and_a_second_time_says_nothing_is_kept(url: str):
    write(url, "web-3f2a", session(time.time(), "web words"))
    assert "Deleted that conversation" in staff(url, "delete", "--conversation", "web-3f2a").stdout
    assert kept_rows(url, "web-3f2a") == 0
    assert "No conversation is kept" in staff(url, "delete", "--conversation", "web-3f2a").stdout


def test_purge_deletes_what_is_past_retention_and_says_how_much(url: str):
    write(url, "old", session(time.time() - 40 * DAY, "old words"))
    write(url, "new", session(time.time() - 1 * DAY, "new words"))

    done = staff(url, "purge", env={"CARE_FINDER_RETENTION_DAYS": "30"})

    assert done.returncode == 0 and "older than 30 days, from 1 conversation(s)" in done.stdout
    assert kept_rows(url, "old") == 0 and kept_texts(url, "new") == ["new words"]


def test_purge_also_blanks_message_texts_past_their_period(url: str):
    write(url, "last-week", session(time.time() - 8 * DAY, "last week's words"))

    done = staff(url, "purge", env={"CARE_FINDER_MESSAGE_TEXT_DAYS": "7"})

    assert done.returncode == 0 and "Blanked the texts older than 7 days, in 2 event(s)" in done.stdout
    assert kept_texts(url, "last-week") == [None] and kept_rows(url, "last-week") > 0


@pytest.mark.parametrize(
    "args, env, why",
    [
        (("delete", "--phone", "310-555-0177"), {}, "country code"),
        (("delete", "--phone", "+13105550177"), {"CARE_FINDER_ID_SECRET": ""}, "CARE_FINDER_ID_SECRET"),
        (("purge",), {"CARE_FINDER_RETENTION_DAYS": "a month"}, "CARE_FINDER_RETENTION_DAYS"),
        (("purge",), {"CARE_FINDER_MESSAGE_TEXT_DAYS": "0"}, "CARE_FINDER_MESSAGE_TEXT_DAYS"),
    ],
)
def test_bad_input_exits_2_and_says_why(url: str, args, env, why):
    done = staff(url, *args, env=env)
    assert done.returncode == 2 and why in done.stderr
