"""CORS, listening addresses, the health endpoint and both servers' metrics, tried against the real servers.

The last test stops the action server: keep it last in this file.
"""

import json
import os
import socket
import urllib.error
import urllib.request
from typing import Dict, Optional, Tuple
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import make_url

from actions.resources import DIRECTORY_DOWN
from bot.catalog import say
from tests.hardening.conftest import LISTED_ORIGIN, METRICS_TOKEN
from tests.servers import RunningBot, moved, numbered_matches, reach_the_place_question


def preflight(bot: RunningBot, origin: str) -> Dict[str, str]:
    """The headers of a browser's CORS preflight for a POST to the REST webhook."""
    request = urllib.request.Request(
        f"{bot.rasa_url}/webhooks/rest/webhook",
        method="OPTIONS",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return dict(answer.headers)


def health(bot: RunningBot) -> Tuple[int, Dict]:
    try:
        with urllib.request.urlopen(f"{bot.rasa_url}/webhooks/health/", timeout=20) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def outside_address() -> Optional[str]:
    """This machine's address on its network (no packet is sent), or None without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_an_unlisted_origin_gets_no_cors(hardened_bot: RunningBot) -> None:
    headers = {name.lower() for name in preflight(hardened_bot, "https://evil.example.com")}
    assert "access-control-allow-origin" not in headers
    assert "access-control-allow-credentials" not in headers


def test_a_listed_origin_gets_cors(hardened_bot: RunningBot) -> None:
    headers = {name.lower(): value for name, value in preflight(hardened_bot, LISTED_ORIGIN).items()}
    assert headers["access-control-allow-origin"] == LISTED_ORIGIN


@pytest.mark.parametrize("server", ["rasa_url", "action_url"])
def test_servers_listen_only_on_loopback(hardened_bot: RunningBot, server: str) -> None:
    address = outside_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback")
    port = urlsplit(getattr(hardened_bot, server)).port
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((address, port), timeout=5).close()


def test_health_is_ok_when_every_part_is(hardened_bot: RunningBot) -> None:
    hardened_bot.say("health-patient-1", "my therapy was canceled")
    status, report = health(hardened_bot)
    assert status == 200, report
    assert report["status"] == "ok"
    for part in ("directory", "tracker_store", "action_server", "model"):
        assert report[part]["status"] == "ok", report
    assert report["model"]["model_id"]
    assert "health-patient-1" not in json.dumps(report) and "therapy" not in json.dumps(report)


def health_without_the_file(bot: RunningBot, database_url: str) -> Tuple[int, Dict]:
    """The health report while the SQLite file of `database_url` is moved away (then put back)."""
    path = make_url(database_url).database
    os.rename(path, f"{path}.away")
    try:
        return health(bot)
    finally:
        os.rename(f"{path}.away", path)


def test_health_is_503_without_the_directory(hardened_bot: RunningBot) -> None:
    status, report = health_without_the_file(hardened_bot, hardened_bot.env["DATABASE_URL"])
    assert status == 503, report
    assert report["directory"]["status"] == "down"
    assert report["action_server"]["status"] == report["tracker_store"]["status"] == "ok"
    assert health(hardened_bot)[0] == 200


def test_a_missing_directory_file_is_not_recreated_and_the_patient_keeps_their_place(hardened_bot: RunningBot) -> None:
    sender = "missing-directory-patient"
    reach_the_place_question(hardened_bot, sender)
    directory = make_url(hardened_bot.env["DATABASE_URL"]).database
    set_aside = f"{directory}.away"
    os.rename(directory, set_aside)
    try:
        replies = [reply["text"] for reply in hardened_bot.chat(sender, "91367")]
        recreated = os.path.exists(directory)
    finally:
        os.rename(set_aside, directory)
    assert not recreated
    assert replies[0] == say(DIRECTORY_DOWN).text and replies[-1] == say("ask_location").text, replies
    assert "make directory" in hardened_bot.logs_text()
    assert len(numbered_matches(hardened_bot.chat(sender, "91367"))) == 3


def test_health_is_503_without_the_conversations_database(hardened_bot: RunningBot) -> None:
    status, report = health_without_the_file(hardened_bot, hardened_bot.conversations_url)
    assert status == 503, report
    assert report["tracker_store"] == {"status": "down", "error": "FileNotFoundError"}
    assert report["directory"]["status"] == report["action_server"]["status"] == report["model"]["status"] == "ok"
    assert health(hardened_bot)[0] == 200


METRICS = {"rasa": ("rasa_url", "/webhooks/metrics/"), "action server": ("action_url", "/metrics")}


def metrics_request(bot: RunningBot, server: str, authorization: Optional[str]) -> urllib.request.Request:
    address, path = METRICS[server]
    headers = {"Authorization": authorization} if authorization else {}
    return urllib.request.Request(getattr(bot, address) + path, headers=headers)


@pytest.mark.parametrize("server", METRICS)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", METRICS_TOKEN])
def test_metrics_need_the_token_when_one_is_set(hardened_bot: RunningBot, server: str, authorization) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(metrics_request(hardened_bot, server, authorization), timeout=10)
    assert refused.value.code == 401 and "care_finder" not in refused.value.read().decode()


@pytest.mark.parametrize("server", METRICS)
def test_metrics_are_served_with_the_token(hardened_bot: RunningBot, server: str) -> None:
    request = metrics_request(hardened_bot, server, f"Bearer {METRICS_TOKEN}")
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200 and "# HELP care_finder_" in answer.read().decode()


def test_the_action_server_times_each_action_and_counts_calls_that_fail(hardened_bot: RunningBot) -> None:
    """Per action, by registered name only: a call for a name it doesn't know counts as "unknown"."""
    action_metrics = f"{hardened_bot.action_url}/metrics"
    _, before = hardened_bot.metrics(action_metrics, METRICS_TOKEN)
    hardened_bot.chat("metrics-actions-patient", "Hi")
    hardened_bot.chat("metrics-actions-patient", "Kaiser canceled my postpartum group Quokka-2210")
    made_up = {"next_action": "action_made_up_by_a_caller", "sender_id": "metrics-actions-patient", "tracker": {}}
    request = urllib.request.Request(
        f"{hardened_bot.action_url}/webhook", json.dumps(made_up).encode(), {"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 404

    text, after = hardened_bot.metrics(action_metrics, METRICS_TOKEN)
    assert moved(before, after, "care_finder_action_seconds_count", action="validate_care_form") >= 1
    assert moved(before, after, "care_finder_action_errors_total", action="unknown") == 1
    for secret in ("Quokka", "Kaiser", "metrics-actions-patient", "made_up"):
        assert secret not in text


def test_health_is_503_with_the_action_server_stopped(hardened_bot: RunningBot) -> None:
    action_server = hardened_bot.processes[0]
    action_server.terminate()
    action_server.wait(timeout=20)
    status, report = health(hardened_bot)
    assert status == 503, report
    assert report["status"] == "down"
    assert report["action_server"] == {"status": "down", "error": "ClientConnectorError"}
    assert report["directory"]["status"] == report["tracker_store"]["status"] == report["model"]["status"] == "ok"
