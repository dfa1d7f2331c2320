"""The directory on PostgreSQL stopped and started again in the middle of conversations, through the
real Rasa and action servers: while it is down every search gets a kind reply with the lines that
work statewide (facts.yml crisis.directory_down) and each conversation keeps its place; the next
search after it is back succeeds; a search during a short restart is retried and answered."""

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, Iterator, List

import pytest

from actions.directory import RETRY_PAUSE_ENV
from actions.resources import DIRECTORY_DOWN
from bot.catalog import say
from tests.directory.postgres import Cluster, ClusterUnavailable, controllable_cluster, throwaway_database
from tests.servers import RunningBot, numbered_matches, reach_the_place_question, start_bot

RETRY_PAUSE_SECONDS = 4  # long enough to start PostgreSQL again between a search and its retry
RETRIED = "did not answer (OperationalError); trying once more"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A PostgreSQL cluster of this module's own, since the tests stop it."""
    try:
        with controllable_cluster() as running:
            yield running
    except ClusterUnavailable as reason:
        pytest.skip(str(reason))


@pytest.fixture(scope="module")
def bot(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    with throwaway_database(cluster.url) as url:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(RETRY_PAUSE_ENV, str(RETRY_PAUSE_SECONDS))
            running = start_bot(tmp_path_factory.mktemp("directory-down"), database_url=url)
        yield running
        running.stop()


def _texts(replies: List[Dict]) -> List[str]:
    return [reply.get("text", "") for reply in replies]


def _to_the_matches(bot: RunningBot, sender: str) -> None:
    reach_the_place_question(bot, sender)
    assert len(numbered_matches(bot.chat(sender, "91367"))) == 3


def test_while_the_directory_is_down_patients_hear_the_statewide_lines_and_keep_their_place(
    bot: RunningBot, cluster: Cluster
):
    down_reply = say(DIRECTORY_DOWN).text
    at_the_question, after_matches, refining = "down-at-question", "down-after-matches", "down-refining"
    reach_the_place_question(bot, at_the_question)
    _to_the_matches(bot, after_matches)
    _to_the_matches(bot, refining)

    cluster.stop()
    try:
        searched = _texts(bot.chat(at_the_question, "91367"))
        more = _texts(bot.chat(after_matches, "more"))
        narrowed = _texts(bot.chat(refining, "only free ones please"))
    finally:
        cluster.start()

    assert searched[0] == down_reply and "Where are you" in searched[-1], searched  # the place is asked again
    assert more == [down_reply]
    assert narrowed == [down_reply]

    found = bot.chat(at_the_question, "91367")
    assert "best matches near Woodland Hills 91367" in _texts(found)[0] and len(numbered_matches(found)) == 3
    assert [text.split(".")[0] for text in numbered_matches(bot.chat(after_matches, "more"))] == ["4", "5", "6"]
    narrowed = bot.chat(refining, "only free ones please")
    assert "(free)" in _texts(narrowed)[0] and numbered_matches(narrowed)


def test_a_search_during_a_restart_is_retried_and_answered(bot: RunningBot, cluster: Cluster):
    sender = "down-restart"
    reach_the_place_question(bot, sender)
    retried_before = bot.logs_text().count(RETRIED)

    cluster.stop()
    with ThreadPoolExecutor(1) as background:
        try:
            answer = background.submit(bot.chat, sender, "90033")
            deadline = time.monotonic() + RETRY_PAUSE_SECONDS
            while bot.logs_text().count(RETRIED) == retried_before and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            cluster.start()
        replies = answer.result(timeout=30)

    assert bot.logs_text().count(RETRIED) == retried_before + 1  # the first try failed, the second did not

    assert say(DIRECTORY_DOWN).text not in _texts(replies)
    assert "best matches near" in _texts(replies)[0] and len(numbered_matches(replies)) == 3
