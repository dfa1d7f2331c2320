"""Care Finder's SMS channel for Twilio, at POST /webhooks/twilio/webhook.

Register it in credentials.yml as `bot.channels.twilio_sms.TwilioSmsInput`. Unlike Rasa's
built-in Twilio channel it checks X-Twilio-Signature, answers with TwiML in the webhook
response, never blocks the event loop, splits replies for SMS and turns buttons into numbered
choices. Set-up: docs/channels.md.
"""

import asyncio
import logging
from typing import Any, Awaitable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot import log_privacy, metrics
from bot.catalog import say
from bot.channels.inbound import HandleMessage
from bot.channels.opt_outs import OptOuts
from bot.channels.pseudonym import conversation_id
from bot.channels.settings import SmsSettings
from bot.channels.shared_guards import sms_guards
from bot.channels.signature import is_signed, public_url, signed_params
from bot.channels.sms_api import TwilioApiSender
from bot.channels.sms_format import split
from bot.channels.sms_turn import SmsTurns, crisis_texts
from bot.privacy.conversations import engine_for
from bot.privacy.settings import conversations_url

logger = logging.getLogger(__name__)


class TwilioSmsInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        log_privacy.install()
        return cls(SmsSettings.load(credentials or {}))

    def __init__(self, settings: SmsSettings) -> None:
        self._settings = settings
        self._validator = RequestValidator(settings.auth_token) if settings.enabled else None
        self._limiter, self._seen = sms_guards(settings)
        if not settings.enabled:
            logger.warning("SMS channel is off: set TWILIO_AUTH_TOKEN and CARE_FINDER_ID_SECRET (docs/channels.md)")

    def blueprint(self, on_new_message: HandleMessage) -> Blueprint:
        """(Turns go through bot/channels/once.py, which takes the conversation's lock itself, in place
        of `on_new_message`.)"""
        settings = self._settings
        turns = SmsTurns(
            self.name(), self._limiter, settings.max_message_chars, OptOuts(engine_for(conversations_url()))
        )
        api = TwilioApiSender.from_settings(settings) if settings.reply_mode == "api" else None
        hook = Blueprint("care_finder_twilio_sms", __name__)

        @hook.get("/")
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if settings.enabled else "not configured"})

        @hook.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            if self._validator is None:
                return response.text("SMS is not configured here", status=503)
            url = public_url(settings.public_url, request.headers, request.url)
            form = signed_params(request.body)
            if not is_signed(self._validator, url, form, request.headers.get("X-Twilio-Signature")):
                logger.warning("Refused an SMS webhook request without a valid Twilio signature")
                return response.text("Forbidden", status=403)
            sid, phone = form.get("MessageSid"), form.get("From")
            if not phone or (sid and self._seen.seen(sid)):  # answered already: no START, STOP or turn again
                return _twiml([])
            sender_id = conversation_id(phone, settings.id_secret or b"")
            body = form.get("Body") or ""
            texts = self._answer_once(sid, turns.reply(request.app.ctx.agent, sender_id, body, sid))
            if api is None:
                return _twiml(await self._reply_in_time(texts, body))
            request.app.add_task(self._reply_by_api(api, phone, texts))
            return _twiml([])

        metrics.watch(hook, self.name())
        return hook

    async def _answer_once(self, sid: Optional[str], texts: Awaitable[List[str]]) -> List[str]:
        """The texts, unless this MessageSid was answered meanwhile (a duplicate that arrived while the
        first was handled, here or on another instance). Marked once answered, not on arrival: a resend
        after an instance died in the middle of the turn is answered by that same turn
        (bot/channels/once.py)."""
        answer = await texts
        return answer if not sid or self._seen.first_time(sid) else []

    async def _reply_in_time(self, texts: Awaitable[List[str]], body: str) -> List[str]:
        """Twilio waits 15 s for the webhook: past the timeout, say so kindly (with crisis help
        for a text that signals danger)."""
        try:
            return await asyncio.wait_for(texts, self._settings.reply_timeout_seconds)
        except asyncio.TimeoutError:
            logger.warning("An SMS reply took longer than %s s", self._settings.reply_timeout_seconds)
            return crisis_texts(body) or split(say("sms.slow").text)

    @staticmethod
    async def _reply_by_api(api: TwilioApiSender, phone: str, texts: Awaitable[List[str]]) -> None:
        await api.send(phone, await texts)


def _twiml(texts: List[str]) -> HTTPResponse:
    reply = MessagingResponse()
    for text in texts:
        reply.message(text)
    return response.text(str(reply), content_type="text/xml")
