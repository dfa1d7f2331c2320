"""Read the content files in bot/content/: what the bot says, in the patient's language."""

from functools import cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"
DEFAULT_LANGUAGE = "en"


@cache
def load_content(filename: str) -> Dict[str, Any]:
    """A content file, parsed once per process."""
    return yaml.safe_load((CONTENT_DIR / filename).read_text(encoding="utf-8"))


def localized(entry: Mapping[str, str], lang: str, **values: Any) -> str:
    """The entry's text in `lang` (English when not translated yet), placeholders filled."""
    return (entry.get(lang) or entry[DEFAULT_LANGUAGE]).format(**values)


def message(key: str, lang: str, **values: Any) -> Tuple[str, List[Dict[str, str]]]:
    """Text and buttons of a message in bot/content/wording.yml."""
    wording = load_content("wording.yml")
    entry = wording["messages"][key]
    buttons = [
        {"title": localized(button, lang), "payload": button["payload"]}
        for button in wording["button_sets"].get(entry.get("buttons", ""), [])
    ]
    return localized(entry, lang, **values), buttons
