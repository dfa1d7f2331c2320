"""Runs the retention purge inside the Rasa server, so it happens without anyone remembering to.

Registered in credentials.yml as `bot.privacy.schedule.RetentionSchedule`: Rasa opens it like a
channel, which is the one place configuration can attach a task to Rasa's server. It receives no
messages; it purges (and blanks old message texts) when the server starts and then every
PURGE_EVERY_SECONDS, and GET
/webhooks/retention/ says when it last did.
"""

import asyncio
import logging
from datetime import datetime, timezone
from typing import Any, Dict, Optional

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound import HandleMessage
from bot.privacy.retention import apply_retention
from bot.privacy.settings import message_text_days, retention_days

logger = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 3600


class RetentionSchedule(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "retention"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        message_text_days()  # a bad setting (of either) stops the server at start, not an hour later
        return cls()

    def __init__(self) -> None:
        self._last: Dict[str, Any] = {"last_purge": None, "deleted_conversations": 0, "blanked_events": 0}
        self._task: Optional[asyncio.Task] = None

    def blueprint(self, on_new_message: HandleMessage) -> Blueprint:
        hook = Blueprint("care_finder_retention", __name__)

        @hook.get("/")
        async def status(_: Request) -> HTTPResponse:
            days = {"retention_days": retention_days(), "message_text_days": message_text_days()}
            return response.json({**days, **self._last})

        @hook.listener("after_server_start")
        async def start(app: Sanic, _: Any) -> None:
            self._task = asyncio.get_running_loop().create_task(self._purge_forever())

        @hook.listener("before_server_stop")
        async def stop(app: Sanic, _: Any) -> None:
            if self._task:
                self._task.cancel()

        return hook

    async def _purge_forever(self) -> None:
        while True:
            try:
                retained = await asyncio.to_thread(apply_retention)
            except Exception:  # the next round tries again; the server keeps answering
                logger.exception("The retention purge failed")
            else:
                logger.info(
                    "Retention purge: %d conversation(s) past retention deleted, texts of %d event(s) blanked",
                    retained.deleted.conversations,
                    retained.blanked_events,
                )
                self._last = {
                    "last_purge": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "deleted_conversations": retained.deleted.conversations,
                    "blanked_events": retained.blanked_events,
                }
            await asyncio.sleep(PURGE_EVERY_SECONDS)
