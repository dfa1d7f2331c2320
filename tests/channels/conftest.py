"""The real action server and Rasa server with the SMS and web channels on, and a fake phone
that signs its texts the way Twilio does (twilio's own RequestValidator)."""

import itertools
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Tuple

import pytest
from twilio.request_validator import RequestValidator

from bot.channels.pseudonym import conversation_id
from tests.servers import RunningBot, start_bot

AUTH_TOKEN = "test-auth-token-not-a-real-one"
ID_SECRET = "test-id-secret"
WEBHOOK = "/webhooks/twilio/webhook"
_numbers = itertools.count(100)
_message_ids = itertools.count(1)


@pytest.fixture(scope="session")
def channels_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    """Both servers, with Twilio settings in the environment and Rasa's HTTP API on (to read
    trackers)."""
    workdir = tmp_path_factory.mktemp("channels-bot")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
        patch.setenv("CARE_FINDER_ID_SECRET", ID_SECRET)
        patch.delenv("TWILIO_PUBLIC_URL", raising=False)
        running = start_bot(workdir, rasa_args=("--enable-api",))
    yield running
    running.stop()


@dataclass
class SmsReply:
    status: int
    texts: List[str]
    seconds: float


@dataclass
class Phone:
    """A patient's phone texting the bot through (a stand-in for) Twilio."""

    bot: RunningBot
    number: str

    @property
    def webhook(self) -> str:
        return self.bot.rasa_url + WEBHOOK

    def text(
        self,
        body: str,
        *,
        media: int = 0,
        signed_for: Optional[str] = None,
        signature: Optional[str] = None,
        headers: Optional[Dict[str, str]] = None,
        message_id: Optional[str] = None,
    ) -> SmsReply:
        params = {
            "MessageSid": message_id or f"SM{next(_message_ids):032d}",
            "AccountSid": "AC" + "0" * 32,
            "From": self.number,
            "To": "+15005550006",
            "Body": body,
            "NumMedia": str(media),
        }
        if signature is None:
            signature = RequestValidator(AUTH_TOKEN).compute_signature(signed_for or self.webhook, params)
        request_headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        if signature:
            request_headers["X-Twilio-Signature"] = signature
        request = urllib.request.Request(self.webhook, urllib.parse.urlencode(params).encode(), request_headers)
        started = time.perf_counter()
        status, content = _post(request)
        seconds = time.perf_counter() - started
        texts = [m.text or "" for m in ElementTree.fromstring(content).iter("Message")] if status == 200 else []
        return SmsReply(status, texts, seconds)

    def says(self, body: str) -> str:
        reply = self.text(body)
        assert reply.status == 200, reply
        return "\n".join(reply.texts)

    @property
    def conversation(self) -> str:
        return conversation_id(self.number, ID_SECRET.encode())

    def recorded_user_texts(self) -> List[str]:
        return recorded_user_texts(self.bot, self.conversation)


def recorded_user_texts(bot: RunningBot, conversation: str) -> List[str]:
    """What the tracker store holds as this conversation's user messages (Rasa's HTTP API)."""
    return [event.get("text") for event in _user_events(bot, conversation)]


def recorded_user_metadata(bot: RunningBot, conversation: str) -> List[Dict]:
    return [event.get("metadata") for event in _user_events(bot, conversation)]


def recorded_slots(bot: RunningBot, conversation: str) -> Dict:
    return _tracker(bot, conversation)["slots"]


def _user_events(bot: RunningBot, conversation: str) -> List[Dict]:
    return [event for event in _tracker(bot, conversation)["events"] if event["event"] == "user"]


def _tracker(bot: RunningBot, conversation: str) -> Dict:
    """The conversation as the tracker store holds it (Rasa's HTTP API)."""
    quoted = urllib.parse.quote(conversation, safe="")
    with urllib.request.urlopen(f"{bot.rasa_url}/conversations/{quoted}/tracker", timeout=30) as response:
        return json.loads(response.read())


def _post(request: urllib.request.Request) -> Tuple[int, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def phone(channels_bot: RunningBot) -> Phone:
    """A new patient: a phone number never seen before (555 numbers are fictional)."""
    return Phone(channels_bot, f"+1310555{next(_numbers):04d}")
