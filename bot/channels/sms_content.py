"""What the SMS channel says by itself and which keywords it obeys: bot/content/sms.yml."""

from typing import Any, Optional

from bot.wording import DEFAULT_LANGUAGE, load_content, localized

STOP, START, HELP, DELETE = "stop", "start", "help", "delete"


def say(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    return localized(load_content("sms.yml")["messages"][key], lang, **values)


def keyword(body: str) -> Optional[str]:
    """STOP, START, HELP or DELETE when the whole message is one of their words ("stop", "Stop!")."""
    word = body.strip().strip(".!").strip().upper()
    for kind, words in load_content("sms.yml")["keywords"].items():
        if word in words:
            return kind
    return None
