"""Write the catalog's rule-spoken replies (its `utter_*` keys) as Rasa domain responses.

Rules speak these, so the greeting, help, the off-topic answer and the deletion questions reach the
patient even when the action server is down. Each response gets a variation per language (the
`language` slot; English is the default) and per SMS variant, with its buttons, rendered by
bot/catalog.py like every other reply. `make` runs `python -m bot.catalog_domain` whenever the
catalog changes; a test checks that the committed bot/domain/responses.yml is what this writes.
"""

import sys
from pathlib import Path
from typing import Any, Dict, List

from bot.catalog import DEFAULT_LANGUAGE, LANGUAGES, RESPONSE_PREFIX, SMS, entries, say
from bot.domain_file import domain_text, write_if_changed
from bot.rights.crisis_domain import SMS_CHANNEL

DOMAIN_FILE = Path(__file__).resolve().parent / "domain" / "responses.yml"
LANGUAGE_SLOT = "language"
HEADER = (
    "# Written by `python -m bot.catalog_domain` from bot/content/catalog.yml (its utter_* keys). Do\n"
    "# not edit: change the catalog, then run `make train` (or the command above).\n"
)


def _variation(key: str, language: str, channel: str | None) -> Dict[str, Any]:
    reply = say(key, language, channel)
    variation: Dict[str, Any] = {"text": reply.text}
    if reply.buttons:
        variation["buttons"] = reply.buttons
    if language != DEFAULT_LANGUAGE:
        variation["condition"] = [{"type": "slot", "name": LANGUAGE_SLOT, "value": language}]
    if channel:
        variation["channel"] = SMS_CHANNEL
    return variation


def _variations(key: str, found: Dict[str, Any]) -> List[Dict[str, Any]]:
    """English as the default, one variation per other language it has, and the same for SMS."""
    channels = [SMS, None] if SMS in found else [None]
    languages = [lang for lang in LANGUAGES if lang == DEFAULT_LANGUAGE or lang in found or lang in found.get(SMS, {})]
    return [_variation(key, lang, channel) for channel in channels for lang in reversed(languages)]


def domain_responses() -> Dict[str, List[Dict[str, Any]]]:
    return {key: _variations(key, dict(found)) for key, found in entries() if key.startswith(RESPONSE_PREFIX)}


def render() -> str:
    return domain_text(HEADER, domain_responses())


def main() -> int:
    return write_if_changed(DOMAIN_FILE, render())


if __name__ == "__main__":
    sys.exit(main())
