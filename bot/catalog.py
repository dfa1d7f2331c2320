"""The one way to read what the bot says: bot/content/catalog.yml, in the conversation's language.

`say(key, language, channel, **values)` gives a `Reply`: the entry's text in `language` (English
while a Spanish text is missing), its SMS variant on the SMS channel, {placeholders} filled, and
its buttons titled in the same language. Actions, the channels, the web page and the domain
responses that rules speak (bot/catalog_domain.py) all read it through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

from bot.wording import CONTENT_DIR, load_content

CATALOG_PATH = CONTENT_DIR / "catalog.yml"
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
SMS = "sms"  # the channel variant for text messages
# Top-level sections of the catalog that hold buttons, not replies.
BUTTONS, BUTTON_SETS = "buttons", "button_sets"


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def catalog() -> Dict[str, Any]:
    return load_content(CATALOG_PATH.name)


def _is_entry(node: Any) -> bool:
    return isinstance(node, Mapping) and DEFAULT_LANGUAGE in node


def entry(key: str) -> Mapping[str, Any]:
    """The entry at dotted path `key` ("sms.help"); KeyError names the key when there is none."""
    node: Any = catalog()
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise KeyError(f"no message {key!r} in {CATALOG_PATH.name}")
        node = node[part]
    if not _is_entry(node):
        raise KeyError(f"{key!r} in {CATALOG_PATH.name} is not a message")
    return node


def entries(node: Any = None, prefix: str = "") -> Iterator[Tuple[str, Mapping[str, Any]]]:
    """Every (key, entry) of the catalog, or of the section `node` found at `prefix`."""
    node = catalog() if node is None else node
    for name, child in node.items():
        if not prefix and name in (BUTTONS, BUTTON_SETS):
            continue
        key = f"{prefix}{name}"
        if _is_entry(child):
            yield key, child
        elif isinstance(child, Mapping):
            yield from entries(child, f"{key}.")


def section(name: str) -> Iterator[Tuple[str, Mapping[str, Any]]]:
    """(name within the section, entry) for each message of a top-level section ("web")."""
    return ((key.removeprefix(f"{name}."), found) for key, found in entries(catalog()[name], f"{name}."))


def _variant(found: Mapping[str, Any], language: str, channel: Optional[str]) -> str:
    texts = found.get(channel) if channel and isinstance(found.get(channel), Mapping) else found
    return texts.get(language) or found.get(language) or texts.get(DEFAULT_LANGUAGE) or found[DEFAULT_LANGUAGE]


def buttons(set_name: str, language: str = DEFAULT_LANGUAGE) -> List[Dict[str, str]]:
    """The button set `set_name`, titled in `language`."""
    known = catalog()[BUTTONS]
    return [
        {"title": known[name].get(language) or known[name][DEFAULT_LANGUAGE], "payload": known[name]["payload"]}
        for name in catalog()[BUTTON_SETS][set_name]
    ]


def say(key: str, language: str = DEFAULT_LANGUAGE, channel: Optional[str] = None, **values: Any) -> Reply:
    """Message `key` in `language`, in its `channel` variant if it has one ("sms"), filled in."""
    found = entry(key)
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    text = _variant(found, language, channel).format(**values)
    return Reply(text, buttons(found["buttons"], language) if "buttons" in found else [])
