"""Is a message written in a language the bot does not speak yet? (bot/content/languages.yml)"""

import re
import unicodedata

from bot.textclean import fold
from bot.wording import load_content

_WORD = re.compile(r"[^\W\d_]+")


def _non_latin_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    foreign = sum(1 for char in letters if "LATIN" not in unicodedata.name(char, ""))
    return foreign / len(letters)


def in_other_language(text: str) -> bool:
    """True for Spanish (until the bot speaks it) and for text mostly in a non-Latin script."""
    settings = load_content("languages.yml")
    if _non_latin_share(text) >= settings["non_latin_share"]:
        return True
    words = _WORD.findall(fold(text))
    distinctive = sum(1 for word in words if word in set(settings["spanish_words"]))
    if not distinctive:
        return False
    supporting = sum(1 for word in words if word in set(settings["spanish_supporting_words"]))
    return (distinctive + supporting) / len(words) >= settings["spanish_share"]
