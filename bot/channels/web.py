"""The web chat page for a community site, served at GET /webhooks/web/.

The page sends its messages to POST /webhooks/web/webhook, read as the REST channel reads them
(bot/channels/rest.py) but counted as the "web" channel; its "forget this conversation" control
calls POST /webhooks/web/forget {"sender"}, which deletes that conversation from the tracker store.
Both are same origin, so no CORS. Embed the page with an iframe (docs/channels.md): the host site's
scripts and styles can't reach into it; only the sites in CARE_FINDER_FRAME_ORIGINS may frame it.
Each reply says its language ("lang", the conversation's language slot) so the page can mark it.
"""

import asyncio
import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import metrics
from bot.catalog import DEFAULT_LANGUAGE, LANGUAGES, say, section
from bot.channels.conversation import conversation_language
from bot.channels.inbound import HandleMessage
from bot.channels.rest import collect_replies
from bot.channels.rest_request import BadRequest
from bot.network import frame_origins
from bot.privacy.conversations import delete_conversation, engine_for
from bot.privacy.settings import conversations_url
from bot.rights.facts import Hotline, load_facts

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
_SLOT = re.compile(r"{{(\w+)}}")
# The page's own conversation ids (bot/web/assets/chat.js): 128 random bits, which only that page
# knows. Forgetting takes no other id, so a browser can't delete an SMS or REST conversation.
PAGE_SENDER = re.compile(r"web-[0-9a-f]{32}")


def security_headers(framing_origins: Iterable[str]) -> Dict[str, str]:
    """Headers for every response of the page: only the project's own files run on it, and only the
    bot's own origin and `framing_origins` may show it in a frame."""
    ancestors = " ".join(("'self'", *framing_origins))
    return {
        "Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'none'; "
        f"object-src 'none'; frame-ancestors {ancestors}",
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
        headers = security_headers(frame_origins())

        @page.on_response
        async def secure(_: Request, answer: HTTPResponse) -> None:
            answer.headers.update(headers)

        @page.get("/")
        async def chat_page(_: Request) -> HTTPResponse:
            return response.html(render_page(DEFAULT_LANGUAGE))

        @page.get("/wording.json")
        async def page_wording(_: Request) -> HTTPResponse:
            languages = {lang: wording(lang) for lang in LANGUAGES}
            return response.json({"languages": languages, "phones": hotline_numbers(), "texts": text_lines()})

        @page.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, replies = await collect_replies(request, on_new_message, self.name())
            except BadRequest as problem:
                return response.json({"error": str(problem)}, status=400)
            lang = await conversation_language(request.app.ctx.agent.tracker_store, sender)
            return response.json([{**reply, "lang": lang} for reply in replies])

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


def _hotlines() -> List[Tuple[str, Hotline]]:
    """Every hotline of facts.yml in each language, with the language."""
    facts = load_facts()
    return [(lang, facts.hotline(key, lang)) for key in facts.keys("hotlines") for lang in LANGUAGES]


def hotline_numbers() -> List[str]:
    """Every hotline number in facts.yml, short ones too, for the page to make them links."""
    numbers = {number for _, line in _hotlines() for number in (line.phone, line.sms, line.tdd) if number}
    return sorted(numbers, key=len, reverse=True)


def text_lines() -> Dict[str, Dict[str, Any]]:
    """The numbers in facts.yml that take texts, by their digits (bot/web/assets/chat.js reads them the
    same way): whether they take calls too, and the keyword to send in each language, if any."""
    lines = _hotlines()
    calls = {dialled(number) for _, line in lines for number in (line.phone, line.tdd) if number}
    texts: Dict[str, Dict[str, Any]] = {}
    for lang, line in lines:
        if line.sms:
            entry = texts.setdefault(dialled(line.sms), {"calls": dialled(line.sms) in calls, "keyword": {}})
            entry["keyword"][lang] = line.sms_keyword or ""
    return texts


def dialled(number: str) -> str:
    """A US number's digits without the country code: "1-NXX-NXX-XXXX" and "NXX-NXX-XXXX" are one line."""
    digits = re.sub(r"\D", "", number)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


@cache
def render_page(lang: str) -> str:
    """index.html with its {{slots}} filled, escaped, so the page reads well before any script."""
    words = wording(lang)
    template = (WEB_DIR / "index.html").read_text(encoding="utf-8")
    return _SLOT.sub(lambda slot: html.escape(words[slot.group(1)]), template)
