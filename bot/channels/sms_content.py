"""What the SMS channel says by itself and which keywords it obeys: bot/content/sms.yml."""

from typing import Any, NamedTuple, Optional

from bot.textclean import fold
from bot.wording import DEFAULT_LANGUAGE, load_content, localized

STOP, START, HELP, DELETE = "stop", "start", "help", "delete"


def say(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    return localized(load_content("sms.yml")["messages"][key], lang, **values)


class Keyword(NamedTuple):
    kind: str  # STOP, START, HELP or DELETE
    language: str  # the language of the word: "ALTO" is answered in Spanish


def keyword(body: str) -> Optional[Keyword]:
    """STOP, START, HELP or DELETE when the whole message is one of their words ("stop", "Stop!",
    "Alto", "cancelar", "AYUDA"), in English or Spanish."""
    word = fold(body.strip().strip(".!¡").strip())
    for kind, languages in load_content("sms.yml")["keywords"].items():
        for lang, words in languages.items():
            if word in {fold(known) for known in words}:
                return Keyword(kind, lang)
    return None
