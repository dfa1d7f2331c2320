"""The search actions when the directory cannot be searched: a missing or empty SQLite file is never
created or filled by the bot, the patient hears the lines that work statewide (facts.yml
crisis.directory_down), and the conversation keeps its place."""

import asyncio
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import directory
from actions.resources import DIRECTORY_DOWN, ActionFindResources, ActionShowMore
from bot.catalog import say
from providers.db import REPO_ROOT

SEARCHED = dict(location="Woodland Hills 91367", requested_slot=None)


@pytest.fixture
def directory_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """DATABASE_URL names a SQLite file that is not there (yet); the retry does not wait."""
    path = tmp_path / "var" / "directory.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv(directory.RETRY_PAUSE_ENV, "0")
    directory._opened_engine.cache_clear()
    yield path
    directory._opened_engine.cache_clear()


def _find(tracker_from, domain, **slots):
    dispatcher = CollectingDispatcher()
    tracker = tracker_from("location_asked", **{**SEARCHED, **slots})
    events = asyncio.run(ActionFindResources().run(dispatcher, tracker, domain))
    return [message["text"] for message in dispatcher.messages], events


def _asks_the_place_again(texts, events) -> bool:
    """The place question is open again, waiting for the patient's answer."""
    slots = {event["name"]: event["value"] for event in events if event["event"] == "slot"}
    return (
        texts[-1] == say("ask_location").text
        and slots == {"location": None, "requested_slot": "location"}
        and {"event": "active_loop", "name": "location_form", "timestamp": None} in events
        and events[-1]["event"] == "followup"
        and events[-1]["name"] == "action_listen"
    )


def test_a_missing_directory_file_is_not_created_and_the_place_is_asked_again(
    directory_file, tracker_from, domain, caplog
):
    with caplog.at_level(logging.ERROR, logger=directory.__name__):
        texts, events = _find(tracker_from, domain)

    assert texts[0] == say(DIRECTORY_DOWN).text
    assert "CalHOPE Warm Line" in texts[0] and "1-833-852-6262" in texts[0]
    assert _asks_the_place_again(texts, events)
    assert not directory_file.exists()
    assert "make directory" in caplog.text and "91367" not in caplog.text


def test_a_directory_without_services_is_not_searched_then_found_once_built(directory_file, tracker_from, domain):
    def providers(command: str) -> None:
        subprocess.run([sys.executable, "-m", "providers", command], cwd=REPO_ROOT, check=True, capture_output=True)

    providers("migrate")  # the tables, no service
    texts, events = _find(tracker_from, domain)
    assert texts[0] == say(DIRECTORY_DOWN).text and _asks_the_place_again(texts, events)

    providers("build")
    texts, events = _find(tracker_from, domain)
    assert texts[0] == say("matches_intro", place="Woodland Hills 91367").text
    assert {"event": "slot", "name": "has_results", "value": True, "timestamp": None} in events


def test_more_places_with_the_directory_gone_keeps_the_page(directory_file, tracker_from, domain):
    dispatcher = CollectingDispatcher()
    tracker = tracker_from("location_asked", **SEARCHED, results_offset=3, has_results=True)

    events = asyncio.run(ActionShowMore().run(dispatcher, tracker, domain))

    assert [message["text"] for message in dispatcher.messages] == [say(DIRECTORY_DOWN).text]
    assert events == []  # results_offset stays: "more" shows the same page once the directory is back
    assert not directory_file.exists()


def test_patients_searching_at_once_right_after_a_start_all_get_matches(directory_file, tracker_from, domain):
    """The first searches after the action server starts open the directory (and check its schema)
    together, each in its own thread: none may fail while another is opening it."""
    subprocess.run([sys.executable, "-m", "providers", "build"], cwd=REPO_ROOT, check=True, capture_output=True)

    async def eight_at_once():
        return await asyncio.gather(*(asyncio.to_thread(_find, tracker_from, domain) for _ in range(8)))

    for texts, _events in asyncio.run(eight_at_once()):
        assert "best matches near Woodland Hills 91367" in texts[0]
