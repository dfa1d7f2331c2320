"""Simulated patients for the cluster test: each holds whole conversations over REST or signed SMS
through HAProxy, one message at a time, with a pause between messages.

A message whose request fails before an answer (a connection error or HTTP 5xx, as when a Rasa
instance dies in the middle of the turn), or that gets the SMS channel's "I'm slow, send it again"
(Twilio's wait ran out), is sent again with the same id (REST "message_id", Twilio MessageSid):
bot/channels/once.py answers it by one turn however often it arrives.
"""

import asyncio
import random
import time
import urllib.parse
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Dict, List, Optional, Sequence, Tuple

import aiohttp
from twilio.request_validator import RequestValidator

from bot.catalog import say
from bot.channels.pseudonym import conversation_id
from bot.channels.sms_format import split
from tests.channels.conftest import AUTH_TOKEN, ID_SECRET, WEBHOOK

RESEND_FOR_SECONDS = 60.0  # a message is resent until answered, for at most this long
SLOW = split(say("sms.slow").text)  # the SMS answer when a turn outlasts Twilio's wait


@dataclass
class Turn:
    """One message and what came back, times in seconds since the load started."""

    channel: str
    conversation: str
    step: int
    message_id: str
    sent_at: float
    seconds: float = 0.0
    texts: List[str] = field(default_factory=list)
    failures: List[Tuple[float, str]] = field(default_factory=list)  # (when, what) before the answer


@dataclass
class Load:
    """What the patients say, until when they begin conversations, and what they record."""

    conversation: Sequence[str]
    clock: Callable[[], float]
    until: float
    turns: List[Turn] = field(default_factory=list)


Send = Callable[[aiohttp.ClientSession, Turn, str], Awaitable[Tuple[int, List[str]]]]


def rest_sender(url: str) -> Send:
    async def send(session: aiohttp.ClientSession, turn: Turn, message: str) -> Tuple[int, List[str]]:
        body = {"sender": turn.conversation, "message": message, "message_id": turn.message_id}
        async with session.post(f"{url}/webhooks/rest/webhook", json=body) as answer:
            replies = await answer.json(content_type=None) if answer.status == 200 else []
            return answer.status, [reply.get("text") or "" for reply in replies]

    return send


def sms_sender(url: str, phones: Dict[str, str], signed_for: Optional[str] = None) -> Send:
    """Texts as Twilio posts them to `url`, signed for the public address (TWILIO_PUBLIC_URL), by
    default `url` itself."""
    webhook, validator = url + WEBHOOK, RequestValidator(AUTH_TOKEN)
    signed_url = (signed_for or url) + WEBHOOK

    async def send(session: aiohttp.ClientSession, turn: Turn, message: str) -> Tuple[int, List[str]]:
        params = {
            "MessageSid": turn.message_id,
            "AccountSid": "AC" + "0" * 32,
            "From": phones[turn.conversation],
            "To": "+15005550006",
            "Body": message,
            "NumMedia": "0",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": validator.compute_signature(signed_url, params),
        }
        async with session.post(webhook, data=urllib.parse.urlencode(params), headers=headers) as answer:
            content = await answer.read()
            if answer.status != 200:
                return answer.status, []
            return 200, [m.text or "" for m in ElementTree.fromstring(content).iter("Message")]

    return send


def sms_phone(number: int) -> Tuple[str, str]:
    """A fictional number (555) and its conversation id, as the SMS channel hashes it."""
    phone = f"+1310555{number:04d}"
    return phone, conversation_id(phone, ID_SECRET.encode())


async def hold_conversations(
    load: Load,
    session: aiohttp.ClientSession,
    send: Send,
    channel: str,
    new_conversation: Callable[[], str],
    pause: Callable[[], float],
) -> None:
    """One patient: conversation after conversation; none is begun once the load ends."""
    while load.clock() < load.until:
        await hold_conversation(load, session, send, channel, new_conversation(), pause)


async def hold_conversation(
    load: Load, session: aiohttp.ClientSession, send: Send, channel: str, conversation: str, pause: Callable[[], float]
) -> None:
    """One whole conversation, message after message."""
    for step, message in enumerate(load.conversation):
        turn = Turn(channel, conversation, step, f"{conversation}-{step}", load.clock())
        load.turns.append(turn)
        await _until_answered(session, send, turn, message, load.clock)
        await asyncio.sleep(pause())


async def _until_answered(
    session: aiohttp.ClientSession, send: Send, turn: Turn, message: str, clock: Callable[[], float]
) -> None:
    started = time.monotonic()
    while time.monotonic() - started < RESEND_FOR_SECONDS:
        failure: Optional[str]
        try:
            status, texts = await send(session, turn, message)
            failure = None if status == 200 else f"HTTP {status}"
            if texts == SLOW:
                failure = "SMS 'slow' answer"
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            failure = type(error).__name__
        if failure is None:
            turn.texts, turn.seconds = texts, time.monotonic() - started
            return
        turn.failures.append((clock(), failure))
        if not failure.startswith(("HTTP 5", "Client", "Server", "Timeout", "SMS")):
            return  # a refusal (4xx) is not resent
        await asyncio.sleep(0.5)


def pause_between(low: float, high: float) -> Callable[[], float]:
    generator = random.Random(f"{low}-{high}")
    return lambda: generator.uniform(low, high)
