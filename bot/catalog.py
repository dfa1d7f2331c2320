"""The one way to read what the bot says: bot/content/catalog.yml, in the conversation's language.

`say(key, language, channel, **values)` gives a `Reply`: the entry's text in `language` (English
while a Spanish text is missing), its SMS variant on the SMS channel, {placeholders} filled, and
its buttons titled in the same language. An entry `{facts: <path>}` says a sourced text of
facts.yml (there its own {hotlines.…} fields are filled too); for a group of texts the rest of the
key names the text ("complaint.steps" is complaints.say.steps). Actions, bot/rights/ (the rights,
complaint and crisis replies), the channels, the web page and the domain responses that rules speak
(bot/catalog_domain.py) all read it through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

from bot.rights.facts import Facts, load_facts
from bot.wording import CONTENT_DIR, load_content

CATALOG_PATH = CONTENT_DIR / "catalog.yml"
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
SMS = "sms"  # the channel variant for text messages
FACTS = "facts"  # an entry said from facts.yml
# Keys of the replies rules speak: bot/catalog_domain.py writes them as domain responses of that name.
RESPONSE_PREFIX = "utter_"
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


def _is_facts(node: Any) -> bool:
    return isinstance(node, Mapping) and set(node) == {FACTS}


def _resolve(key: str) -> Tuple[Mapping[str, Any], Optional[str]]:
    """The catalog entry at dotted `key`, or (its facts.yml reference, the path of the text there)."""
    node: Any = catalog()
    parts = key.split(".")
    for index, part in enumerate(parts):
        if _is_facts(node):
            return node, ".".join([node[FACTS], *parts[index:]])
        if not isinstance(node, Mapping) or part not in node or (index == 0 and part in (BUTTONS, BUTTON_SETS)):
            raise KeyError(f"no message {key!r} in {CATALOG_PATH.name}")
        node = node[part]
    if _is_facts(node):
        return node, node[FACTS]
    if not _is_entry(node):
        raise KeyError(f"{key!r} in {CATALOG_PATH.name} is not a message")
    return node, None


def entry(key: str) -> Mapping[str, Any]:
    """The texts by language of message `key`; KeyError names the key when there is none."""
    found, facts_path = _resolve(key)
    if facts_path is None:
        return found
    texts = dict(load_facts().texts_under(facts_path)).get("")
    if texts is None:
        raise KeyError(f"{key!r} names no text of facts.yml ({facts_path})")
    return texts


def entries(node: Any = None, prefix: str = "") -> Iterator[Tuple[str, Mapping[str, Any]]]:
    """Every (key, texts by language) of the catalog, or of the section `node` found at `prefix`;
    the texts of a facts.yml group one by one."""
    node = catalog() if node is None else node
    for name, child in node.items():
        if not prefix and name in (BUTTONS, BUTTON_SETS):
            continue
        key = f"{prefix}{name}"
        if _is_entry(child):
            yield key, child
        elif _is_facts(child):
            yield from ((f"{key}{path}", texts) for path, texts in load_facts().texts_under(child[FACTS]))
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


def say(
    key: str,
    language: str = DEFAULT_LANGUAGE,
    channel: Optional[str] = None,
    *,
    facts: Optional[Facts] = None,
    **values: Any,
) -> Reply:
    """Message `key` in `language`, in its `channel` variant if it has one ("sms"), filled in.
    `facts`: the facts file that facts.yml entries are said from (the checked default otherwise)."""
    found, facts_path = _resolve(key)
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    if facts_path is not None:
        return Reply((facts or load_facts()).text(facts_path, language, **values))
    text = _variant(found, language, channel).format(**values)
    return Reply(text, buttons(found["buttons"], language) if "buttons" in found else [])
