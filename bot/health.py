"""What the health endpoint checks: the directory and tracker store databases, the action server
and the model. Each check says "ok" or "down" with the kind of failure, never a message, a URL or
anything from a conversation.
"""

import asyncio
from functools import cache
from typing import Any, Awaitable, Callable, Dict, Optional
from urllib.parse import urljoin

import aiohttp
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.privacy.conversations import engine_for
from bot.privacy.settings import conversations_url
from providers.db import make_engine, sqlite_file

CHECK_TIMEOUT_SECONDS = 3.0
Report = Dict[str, Any]


def database_answers(engine: Engine) -> None:
    """Run `SELECT 1`; a SQLite file that is not there is down (connecting would create it empty)."""
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    if path is not None and not path.is_file():
        raise FileNotFoundError("the database file is missing")
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


async def check_directory() -> Report:
    """The care directory (DATABASE_URL) answers."""
    return await _timed(lambda: asyncio.to_thread(database_answers, _directory_engine()))


async def check_tracker_store() -> Report:
    """The conversations database (TRACKER_STORE_URL, as expanded in endpoints.yml) answers."""
    return await _timed(lambda: asyncio.to_thread(database_answers, engine_for(conversations_url())))


async def check_action_server(webhook_url: Optional[str]) -> Report:
    """The action server's own /health, beside its webhook, answers 200."""
    if not webhook_url:
        return {"status": "down", "error": "no action endpoint configured"}

    async def get_health() -> None:
        timeout = aiohttp.ClientTimeout(total=CHECK_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(urljoin(webhook_url, "health")) as answer:
                answer.raise_for_status()

    return await _timed(get_health)


def check_model(model_id: Optional[str]) -> Report:
    """A trained model is loaded (its id is the model's, not a patient's)."""
    return {"status": "ok", "model_id": model_id} if model_id else {"status": "down", "error": "no model loaded"}


@cache
def _directory_engine() -> Engine:
    """One engine for the directory per process."""
    return make_engine()


async def _timed(check: Callable[[], Awaitable[None]]) -> Report:
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT_SECONDS)
    except Exception as error:  # a health check reports every failure rather than raising it
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok"}
