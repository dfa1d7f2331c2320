"""The SMS carrier keywords the channel obeys (bot/content/understanding.yml `sms_keywords`)."""

from typing import Optional

from bot.wording import load_content

STOP, START, HELP, DELETE = "stop", "start", "help", "delete"


def keyword(body: str) -> Optional[str]:
    """STOP, START, HELP or DELETE when the whole message is one of their words ("stop", "Stop!")."""
    word = body.strip().strip(".!").strip().upper()
    for kind, words in load_content("understanding.yml")["sms_keywords"].items():
        if word in words:
            return kind
    return None
