"""No patient's words in either server's log when an action fails, though the failure is logged.

When an action raises, rasa_sdk answers Rasa with the error and the whole request (the conversation);
when the action server is down, Rasa logs its own errors. bot/log_privacy.py scrubs both processes'
logs; the patient meanwhile hears "please try again" with the hotlines (bot/dialogue/action_guard.py).
"""

import json
import urllib.request
from typing import Iterator

import pytest

from tests.servers import RunningBot, start_bot

MARKER = "Kestrel-3310 my private words"


@pytest.fixture(scope="module")
def api_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    """Both servers, with Rasa's HTTP API on (to put a value into a conversation)."""
    running = start_bot(tmp_path_factory.mktemp("log-privacy"), rasa_args=("--enable-api",))
    yield running
    running.stop()


def _set_slots(bot: RunningBot, sender: str, **slots: str) -> None:
    events = [{"event": "slot", "name": name, "value": value} for name, value in slots.items()]
    request = urllib.request.Request(
        f"{bot.rasa_url}/conversations/{sender}/tracker/events",
        json.dumps(events).encode(),
        {"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=30).close()


def _assert_try_again(reply: str) -> None:
    assert "try again in a few minutes" in reply and "988" in reply, reply


def test_an_action_raising_on_the_patients_words_leaves_them_in_neither_log(api_bot: RunningBot):
    for answer in ("my therapy was canceled", "not sure", "not sure", "91367"):  # to the matches
        api_bot.chat("raising", answer)
    # The patient's words in the conversation, and a value action_show_more cannot read: int() quotes it.
    _set_slots(api_bot, "raising", offered=MARKER, results_offset=MARKER)
    _assert_try_again(api_bot.say("raising", "more"))
    action_log, rasa_log = (path.read_text(errors="replace") for path in api_bot.logs)
    assert "ValueError: [withheld]" in action_log  # the failure itself is logged
    assert "Kestrel" not in action_log and "Kestrel" not in rasa_log


def test_with_the_action_server_stopped_the_patients_words_stay_out_of_rasas_log(api_bot: RunningBot):
    action_server = api_bot.processes[0]
    action_server.terminate()
    action_server.wait(timeout=20)
    _assert_try_again(api_bot.say("stopped", f"Kaiser canceled my therapy group, {MARKER}"))
    rasa_log = api_bot.logs[1].read_text(errors="replace")
    assert "Failed to run custom action" in rasa_log
    assert "Kestrel" not in rasa_log
