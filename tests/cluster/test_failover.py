"""50 simulated patients through HAProxy (40 over REST, 10 over signed SMS) begin conversations for
60 s, and finish them, while one Rasa instance and one action server are SIGKILLed;
deploy/local-cluster starts them again.

What a patient would notice: every message is answered, with the replies a conversation without
failures gets, once, in order; no failed request once the failover window after a kill has passed
(from the kill until the server is back, plus 10 s; during it, a patient's client resends a message
whose request failed or got the SMS "send it again", with the same id); the conversation continues
where it was, on the other instance and on the restarted one (tracker store on PostgreSQL).
Figures are printed (docs/deployment.md quotes them).
"""

import asyncio
import itertools
import json
import math
import statistics
import time
from collections import Counter
from typing import Dict, List, Tuple

import aiohttp
import pytest
import sqlalchemy

from bench import processes
from bench.turn_latency import percentile
from tests.cluster.local_cluster import LocalCluster
from tests.cluster.patients import (
    Load,
    Send,
    Turn,
    hold_conversation,
    hold_conversations,
    pause_between,
    rest_sender,
    sms_phone,
    sms_sender,
)

pytestmark = pytest.mark.cluster

# A whole conversation: the greeting, the care form, a search (action server), rights, a crisis, thanks.
CONVERSATION = (
    "Hi",
    "Kaiser canceled my postpartum group last week",
    "91367",
    "what are my rights",
    "I can't go on",
    "thanks",
)
REST_PATIENTS, SMS_PATIENTS = 40, 10
LOAD_SECONDS = 60.0
KILLS = ((10.0, "rasa-1"), (30.0, "action-2"))  # seconds into the load, server
FAILOVER_WINDOW_SECONDS = 10.0  # after a killed server is back, failed requests (then resent) are allowed
# Seconds a patient takes to read and type: 50 patients offer under 4 turns/s, what one Rasa instance
# sustains on 2 cores shared with other work while the other one restarts (both: about 10 turns/s).
PAUSE = pause_between(10.0, 16.0)
SERVERS = ("rasa-1", "rasa-2", "action-1", "action-2", "redis", "haproxy")

Kill = Tuple[float, str, float]  # when, which server, seconds until it answered its health check again


def test_fifty_patients_keep_their_conversations_while_a_rasa_instance_and_an_action_server_die(
    cluster: LocalCluster, capsys
):
    phones: Dict[str, str] = {}
    senders = {"rest": rest_sender(cluster.url), "sms": sms_sender(cluster.url, phones)}
    numbers = itertools.count(2000)

    def new_sms_conversation() -> str:
        phone, conversation = sms_phone(next(numbers))
        phones[conversation] = phone
        return conversation

    reference = {
        "rest": asyncio.run(_one_conversation(senders["rest"], "rest", "cluster-reference")),
        "sms": asyncio.run(_one_conversation(senders["sms"], "sms", new_sms_conversation())),
    }
    turns, kills, seconds = asyncio.run(_load(cluster, senders, new_sms_conversation))

    def in_window(when: float) -> bool:
        return any(0 <= when - killed_at <= back + FAILOVER_WINDOW_SECONDS for killed_at, _, back in kills)

    failures = [(when, what) for turn in turns for when, what in turn.failures]
    after_window = [failure for failure in failures if not in_window(failure[0])]
    with capsys.disabled():
        _print_figures(turns, failures, after_window, kills, seconds, cluster)

    assert [server for _, server, _ in kills] == [server for _, server in KILLS]
    assert all(math.isfinite(recovered) for _, _, recovered in kills), "a killed server did not come back"
    assert not [turn for turn in turns if not turn.texts or not all(turn.texts)], "lost turns or empty replies"
    assert not after_window, f"failed requests after the failover window: {after_window[:10]}"
    cut_off = [turn for turn in turns if turn.conversation.startswith("cluster-watched") and turn.failures]
    assert cut_off, "no message was in the middle of its turn when the Rasa instance was killed"
    wrong = [turn for turn in turns if turn.texts != reference[turn.channel][turn.step]]
    assert not wrong, f"{len(wrong)} turns answered otherwise than without failures: {_summary(wrong)}"
    sent, recorded = _sent_message_ids(turns), _recorded_message_ids(cluster)
    assert {conversation: recorded.get(conversation) for conversation in sent} == sent, (
        "turns lost, doubled or reordered"
    )
    # Replayed straight to each instance, an answered MessageSid gets nothing (shared replay guard).
    sms_turns = [turn for turn in turns if turn.channel == "sms"][:5]
    for number in (1, 2):
        replays = asyncio.run(_replay(sms_sender(cluster.rasa_url(number), phones, signed_for=cluster.url), sms_turns))
        assert replays == [(200, [])] * len(sms_turns)


async def _one_conversation(send: Send, channel: str, conversation: str) -> List[List[str]]:
    """The replies to each message of one conversation held alone, before the load."""
    load = Load(CONVERSATION, time.monotonic, math.inf)
    async with _patients_session() as session:
        await hold_conversation(load, session, send, channel, conversation, lambda: 0.0)
    assert not [turn for turn in load.turns if not turn.texts or turn.failures]
    return [turn.texts for turn in load.turns]


async def _load(
    cluster: LocalCluster, senders: Dict[str, Send], new_sms_conversation
) -> Tuple[List[Turn], list, float]:
    started = time.monotonic()
    load = Load(CONVERSATION, lambda: time.monotonic() - started, LOAD_SECONDS)
    rest_numbers = itertools.count()
    kills: List[Kill] = []
    async with _patients_session() as session:
        patients = [
            hold_conversations(
                load, session, senders["rest"], "rest", lambda: f"cluster-rest-{next(rest_numbers)}", PAUSE
            )
            for _ in range(REST_PATIENTS)
        ] + [
            hold_conversations(load, session, senders["sms"], "sms", new_sms_conversation, PAUSE)
            for _ in range(SMS_PATIENTS)
        ]
        await asyncio.gather(_kill_on_schedule(cluster, session, senders["rest"], load, kills), *patients)
    return load.turns, kills, time.monotonic() - started


def _patients_session() -> aiohttp.ClientSession:
    """Many patients' clients: no cookie shared between them (HAProxy's cookie pins a web page's
    client to one Rasa instance)."""
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=60),
        connector=aiohttp.TCPConnector(limit=0),
        cookie_jar=aiohttp.DummyCookieJar(),
    )


async def _kill_on_schedule(
    cluster: LocalCluster, session: aiohttp.ClientSession, rest: Send, load: Load, kills: List[Kill]
) -> None:
    """Kill each server at its time; note how long it took to answer its health check again. A Rasa
    instance is killed while one more patient's message is in the middle of its turn there."""

    async def kill(at: float, server: str) -> Kill:
        await asyncio.sleep(at)
        watched = None
        if server.startswith("rasa"):
            watched = await _in_the_middle_of_a_turn(
                session, rest, load, await _sender_on(session, cluster.url, server)
            )
        killed_at = load.clock()
        cluster.kill(server)
        recovered = await _seconds_until_healthy(session, cluster.health_url(server))
        if watched:
            await watched
        return killed_at, server, recovered

    kills.extend(await asyncio.gather(*(kill(at, server) for at, server in KILLS)))


async def _sender_on(session: aiohttp.ClientSession, url: str, server: str) -> str:
    """A REST sender HAProxy routes to `server`, found by the cookie HAProxy sets (the request itself
    is refused by Rasa: it holds no message)."""
    for number in itertools.count():
        sender = f"cluster-watched-{number}"
        async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender}) as answer:
            if answer.cookies["care_finder_instance"].value == server.replace("-", ""):
                return sender
    raise AssertionError("unreachable")


async def _in_the_middle_of_a_turn(
    session: aiohttp.ClientSession, rest: Send, load: Load, sender: str
) -> "asyncio.Task[None]":
    """Start a conversation for `sender`; return 20 ms after its second message was sent."""
    conversation = asyncio.create_task(hold_conversation(load, session, rest, "rest", sender, lambda: 0.0))
    while not [turn for turn in load.turns if turn.conversation == sender and turn.step == 1]:
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.02)
    return conversation


async def _seconds_until_healthy(session: aiohttp.ClientSession, url: str, limit: float = 180) -> float:
    started = time.monotonic()
    await asyncio.sleep(2)  # the killed process is gone; wait for its successor
    while time.monotonic() - started < limit:
        try:
            async with session.get(url) as answer:
                if answer.status == 200:
                    return time.monotonic() - started
        except (aiohttp.ClientError, asyncio.TimeoutError):
            pass
        await asyncio.sleep(0.5)
    return math.inf


async def _replay(send: Send, turns: List[Turn]) -> List[Tuple[int, List[str]]]:
    async with _patients_session() as session:
        return [await send(session, turn, "Hi") for turn in turns]


def _summary(turns: List[Turn]) -> Dict[str, int]:
    """How many turns got each first reply (its beginning), for a failure message."""
    return dict(Counter(f"{turn.channel} step {turn.step}: {turn.texts[0][:60]!r}" for turn in turns))


def _sent_message_ids(turns: List[Turn]) -> Dict[str, List[str]]:
    sent: Dict[str, List[str]] = {}
    for turn in turns:
        sent.setdefault(turn.conversation, []).append(turn.message_id)
    return sent


def _recorded_message_ids(cluster: LocalCluster) -> Dict[str, List[str]]:
    """Each conversation's user messages as the tracker store (PostgreSQL) holds them, in order."""
    engine = sqlalchemy.create_engine(cluster.env["TRACKER_STORE_URL"])
    with engine.connect() as connection:
        rows = connection.execute(
            sqlalchemy.text("SELECT sender_id, data FROM events WHERE type_name = 'user' ORDER BY id")
        )
        recorded: Dict[str, List[str]] = {}
        for sender, data in rows:
            recorded.setdefault(sender, []).append(json.loads(data)["message_id"])
    engine.dispose()
    return recorded


def _print_figures(turns: List[Turn], failures, after_window, kills: List[Kill], seconds: float, cluster) -> None:
    latencies = [turn.seconds * 1000 for turn in turns if turn.texts]
    resent = sum(1 for turn in turns if turn.failures)
    print(f"\nCluster test: {REST_PATIENTS} REST + {SMS_PATIENTS} SMS patients, {seconds:.0f} s in all")
    print(f"  turns answered {len(latencies)} of {len(turns)}, {len(latencies) / seconds:.1f} turns/s")
    print(f"  turn latency p50 {statistics.median(latencies):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms")
    for killed_at, server, recovered in kills:
        print(f"  {server} SIGKILLed at {killed_at:.1f} s, answering its health check again {recovered:.1f} s later")
    in_windows = len(failures) - len(after_window)
    print(f"  failed requests in the failover windows (until back + {FAILOVER_WINDOW_SECONDS:.0f} s): {in_windows}")
    print(f"    ({', '.join(sorted({what for _, what in failures})) or 'none'}); turns resent: {resent}")
    print(f"  failed requests after the windows: {len(after_window)}")
    memory = ", ".join(f"{server} {processes.memory([cluster.pid(server)]).resident_mb:.0f} MB" for server in SERVERS)
    print(f"  resident memory after the load: {memory}")
