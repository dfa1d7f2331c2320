"""The web chat page for a community site, served at GET /webhooks/web/.

The page sends its messages to POST /webhooks/web/webhook, read as the REST channel reads them
(bot/channels/rest.py) but counted as the "web" channel; its "forget this conversation" control
calls POST /webhooks/web/forget {"sender"}, which deletes that conversation from the tracker store.
Both are same origin, so no CORS. Embed the page with an iframe (docs/channels.md): the host site's
scripts and styles can't reach into it.
"""

import asyncio
import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import metrics
from bot.catalog import DEFAULT_LANGUAGE, LANGUAGES, say, section
from bot.channels.inbound import HandleMessage
from bot.channels.rest import answer_message
from bot.privacy.conversations import delete_conversation, engine_for
from bot.privacy.settings import conversations_url
from bot.rights.facts import load_facts

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
_SLOT = re.compile(r"{{(\w+)}}")
# The page's own conversation ids (bot/web/assets/chat.js): 128 random bits, which only that page
# knows. Forgetting takes no other id, so a browser can't delete an SMS or REST conversation.
PAGE_SENDER = re.compile(r"web-[0-9a-f]{32}")
# Only the project's own files run on the page; any site may frame it.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'none'; "
    "object-src 'none'; frame-ancestors *",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class WebChatPage(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "web"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: HandleMessage) -> Blueprint:
        page = Blueprint("care_finder_web_chat", __name__)
        page.static("/assets", str(WEB_DIR / "assets"))

        @page.get("/")
        async def chat_page(_: Request) -> HTTPResponse:
            return response.html(render_page(DEFAULT_LANGUAGE), headers=HEADERS)

        @page.get("/wording.json")
        async def page_wording(_: Request) -> HTTPResponse:
            languages = {lang: wording(lang) for lang in LANGUAGES}
            return response.json({"languages": languages, "phones": hotline_numbers()})

        @page.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            return await answer_message(request, on_new_message, self.name())

        @page.post("/forget")
        async def forget(request: Request) -> HTTPResponse:
            sender = page_sender(request.body)
            if sender is None:
                return response.json({"error": "sender must be this page's conversation id"}, status=400)
            async with request.app.ctx.agent.lock_store.lock(sender):  # not in the middle of a turn
                await asyncio.to_thread(delete_conversation, engine_for(conversations_url()), sender)
            return response.json({"forgotten": True})

        metrics.watch(page, self.name())
        return page


def page_sender(body: bytes) -> Optional[str]:
    """The conversation id in a forget request's body {"sender": "web-…"}, if it is one the page makes."""
    try:
        sender = json.loads(body).get("sender")
    except (ValueError, AttributeError):  # not JSON, or not an object
        return None
    return sender if isinstance(sender, str) and PAGE_SENDER.fullmatch(sender) else None


def wording(lang: str) -> Dict[str, str]:
    """The page's words in `lang` (English where not translated), from the catalog's `web:` section."""
    return {name: say(f"web.{name}", lang).text for name, _ in section("web")}


def hotline_numbers() -> List[str]:
    """Every hotline number in facts.yml, short ones too, for the page to make them links."""
    facts = load_facts()
    lines = [facts.hotline(key, lang) for key in facts.keys("hotlines") for lang in LANGUAGES]
    numbers = {number for line in lines for number in (line.phone, line.sms, line.tdd) if number}
    return sorted(numbers, key=len, reverse=True)


@cache
def render_page(lang: str) -> str:
    """index.html with its {{slots}} filled, escaped, so the page reads well before any script."""
    words = wording(lang)
    template = (WEB_DIR / "index.html").read_text(encoding="utf-8")
    return _SLOT.sub(lambda slot: html.escape(words[slot.group(1)]), template)
