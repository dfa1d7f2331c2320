"""Prometheus metrics of the Rasa server, served at GET /webhooks/metrics/ (bot/channels/metrics.py).

Every series is labelled by channel only (rest, twilio, web; anything else counts as "other"), plus
the crisis outcome or the HTTP status: never a message text, a conversation id or a phone number.
Counted where each thing is seen:
- a turn, its crisis reply or gentle question and a failed action's "try again" (safety-net
  fallback): when the tracker store saves the finished turn (`record_turn`); crisis help the SMS
  channel gives without asking Rasa (over the rate limit or the size cap): there (`count_crisis_reply`);
- the time a channel took to answer a message, and its HTTP errors: around the channel's webhooks
  (`watch`).
"""

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.dialogue.turns import answers_a_new_message, replied_this_turn
from bot.rights.crisis_domain import CHECK_RESPONSE, CRISIS_RESPONSE, TRY_AGAIN_RESPONSE

CHANNELS = ("rest", "twilio", "web")
OTHER_CHANNEL = "other"
# Twilio waits 15 s; the SMS channel gives up at 10 s and the action guard at 8 s.
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 15.0, 30.0)

REGISTRY = CollectorRegistry(auto_describe=True)
TURNS = Counter("care_finder_turns", "Messages Rasa answered", ["channel"], registry=REGISTRY)
REPLY_SECONDS = Histogram(
    "care_finder_reply_seconds",
    "Seconds from a message's arrival at a channel's webhook to the channel's answer",
    ["channel"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
CRISIS_REPLIES = Counter(
    "care_finder_crisis_replies",
    "Crisis help given (outcome=danger) or the gentle safety question asked (outcome=possible)",
    ["channel", "outcome"],
    registry=REGISTRY,
)
TRY_AGAIN_REPLIES = Counter(
    "care_finder_try_again_replies",
    "Turns where an action failed or timed out and the patient was asked to try again",
    ["channel"],
    registry=REGISTRY,
)
HTTP_ERRORS = Counter(
    "care_finder_http_errors", "Webhook answers with an HTTP error status", ["channel", "status"], registry=REGISTRY
)
_STARTED = "care_finder_started"  # where `watch` keeps a request's arrival time
for _channel in (*CHANNELS, OTHER_CHANNEL):  # every channel's series from the start, at 0
    TURNS.labels(_channel)
    TRY_AGAIN_REPLIES.labels(_channel)
    for _outcome in ("danger", "possible"):
        CRISIS_REPLIES.labels(_channel, _outcome)


def channel_label(name: Any) -> str:
    """A known channel's name, else "other": a label value never comes from a client."""
    return name if name in CHANNELS else OTHER_CHANNEL


def record_turn(tracker: Any) -> None:
    """Count the turn a tracker has just finished, and what the safety net did in it."""
    if not answers_a_new_message(tracker):
        return
    channel = channel_label(tracker.get_latest_input_channel())
    TURNS.labels(channel).inc()
    if replied_this_turn(tracker, CRISIS_RESPONSE):
        count_crisis_reply(channel, "danger")
    if replied_this_turn(tracker, CHECK_RESPONSE):
        count_crisis_reply(channel, "possible")
    if replied_this_turn(tracker, TRY_AGAIN_RESPONSE):
        TRY_AGAIN_REPLIES.labels(channel).inc()


def count_crisis_reply(channel: str, outcome: str) -> None:
    """Crisis help given (outcome "danger") or the gentle question asked ("possible")."""
    CRISIS_REPLIES.labels(channel_label(channel), outcome).inc()


def watch(blueprint: Blueprint, channel: str) -> None:
    """Time every message a channel's blueprint answers (POST) and count its HTTP errors."""
    label = channel_label(channel)

    @blueprint.middleware("request")
    async def started(request: Request) -> None:
        setattr(request.ctx, _STARTED, time.perf_counter())

    @blueprint.middleware("response")
    async def answered(request: Request, response: HTTPResponse) -> None:
        if response.status >= 400:
            HTTP_ERRORS.labels(label, str(response.status)).inc()
        elif request.method == "POST" and hasattr(request.ctx, _STARTED):
            REPLY_SECONDS.labels(label).observe(time.perf_counter() - getattr(request.ctx, _STARTED))
