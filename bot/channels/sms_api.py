"""Optional reply mode: send the replies through Twilio's REST API instead of TwiML.

Uses twilio's aiohttp client, so sending never blocks the event loop.
"""

import logging
from typing import Any, List

from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from bot.channels.settings import SmsSettings

logger = logging.getLogger(__name__)


class TwilioApiSender:
    def __init__(self, client: Any, from_number: str) -> None:
        self._client = client
        self._from = from_number

    @classmethod
    def from_settings(cls, settings: SmsSettings) -> "TwilioApiSender":
        client = Client(settings.account_sid, settings.auth_token, http_client=AsyncTwilioHttpClient())
        return cls(client, settings.phone_number or "")

    async def send(self, to: str, texts: List[str]) -> None:
        """One after the other, so they are more likely to arrive in order."""
        for body in texts:
            try:
                await self._client.messages.create_async(to=to, from_=self._from, body=body)
            except TwilioRestException as error:  # its message may hold the number: log the code
                logger.error("Twilio did not accept an SMS reply (error %s)", error.code)
                return
