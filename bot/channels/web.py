"""The web chat page for a community site, served at GET /webhooks/web/.

The page talks to Rasa's REST channel (same origin, so no CORS). Embed it with an iframe
(docs/channels.md): the host site's scripts and styles can't reach into it.
"""

import html
import re
from functools import cache
from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rights.facts import hotline, load_facts
from bot.wording import DEFAULT_LANGUAGE, load_content, localized

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
LANGUAGES = ("en", "es")
_SLOT = re.compile(r"{{(\w+)}}")
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

    def blueprint(self, on_new_message: Any) -> Blueprint:
        page = Blueprint("care_finder_web_chat", __name__)
        page.static("/assets", str(WEB_DIR / "assets"))

        @page.get("/")
        async def chat_page(_: Request) -> HTTPResponse:
            return response.html(render_page(DEFAULT_LANGUAGE), headers=HEADERS)

        @page.get("/wording.json")
        async def page_wording(_: Request) -> HTTPResponse:
            languages = {lang: wording(lang) for lang in LANGUAGES}
            return response.json({"languages": languages, "phones": hotline_numbers()})

        return page


def wording(lang: str) -> Dict[str, str]:
    """The page's words in `lang` (English where not translated), from bot/content/web.yml."""
    content = load_content("web.yml")
    words = {key: localized(entry, lang) for key, entry in content["page"].items()}
    return {**words, "crisis_phone": hotline(content["crisis_hotline"], lang).phone or ""}


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
