"""The SMS carrier keywords the channel obeys (bot/content/understanding.yml `sms_keywords`)."""

from typing import NamedTuple, Optional

from bot.textclean import fold
from bot.wording import load_content

STOP, START, HELP, DELETE = "stop", "start", "help", "delete"


class Keyword(NamedTuple):
    kind: str  # STOP, START, HELP or DELETE
    language: str  # the language of the word: "ALTO" is answered in Spanish


def keyword(body: str) -> Optional[Keyword]:
    """STOP, START, HELP or DELETE when the whole message is one of their words ("stop", "Stop!",
    "Alto", "cancelar", "AYUDA"), in English or Spanish."""
    word = fold(body.strip().strip(".!¡").strip())
    for kind, languages in load_content("understanding.yml")["sms_keywords"].items():
        for lang, words in languages.items():
            if word in {fold(known) for known in words}:
                return Keyword(kind, lang)
    return None
