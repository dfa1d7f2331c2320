"""Does a message signal danger? Phrases live in bot/content/safety.yml, not here."""
import re
from functools import lru_cache
from typing import Pattern

from bot.textclean import fold
from bot.wording import load_content


@lru_cache(maxsize=None)
def _danger_pattern() -> Pattern[str]:
    content = load_content("safety.yml")
    phrases = [phrase for per_language in content["patterns"].values() for phrase in per_language]
    if not phrases:
        raise ValueError("bot/content/safety.yml lists no danger phrases")
    return re.compile("|".join(f"(?:{phrase})" for phrase in phrases))


def signals_danger(text: str) -> bool:
    """True when the message contains any danger phrase, in any language we know."""
    return bool(_danger_pattern().search(fold(text)))
