"""Where conversations are kept and for how long, from the environment (documented in .env.example).

Light on imports: scripts/run-bot asks this module for the default address before Rasa starts.
"""

import os
from pathlib import Path
from typing import Mapping

REPO = Path(__file__).resolve().parents[2]
# The embedded default: a SQLite file beside the directory database, not committed (.gitignore).
DEFAULT_CONVERSATIONS_URL = f"sqlite:///{REPO / 'var' / 'conversations.db'}"
DEFAULT_RETENTION_DAYS = 30
# What patients and the bot wrote goes sooner; the rest (intents, slots, times) stays for retention.
DEFAULT_MESSAGE_TEXT_DAYS = 7


class PrivacyConfigurationError(RuntimeError):
    """A retention setting that can't be honoured."""


def conversations_url(env: Mapping[str, str] = os.environ) -> str:
    """The tracker store's SQLAlchemy URL (TRACKER_STORE_URL, expanded in endpoints.yml)."""
    return env.get("TRACKER_STORE_URL") or DEFAULT_CONVERSATIONS_URL


def retention_days(env: Mapping[str, str] = os.environ) -> int:
    """Days a conversation is kept after its last message (CARE_FINDER_RETENTION_DAYS)."""
    return _days(env, "CARE_FINDER_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)


def message_text_days(env: Mapping[str, str] = os.environ) -> int:
    """Days the texts of a conversation are kept (CARE_FINDER_MESSAGE_TEXT_DAYS), never longer than
    the conversation itself."""
    return min(_days(env, "CARE_FINDER_MESSAGE_TEXT_DAYS", DEFAULT_MESSAGE_TEXT_DAYS), retention_days(env))


def _days(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name) or str(default)
    if not value.isdecimal() or int(value) < 1:
        raise PrivacyConfigurationError(f"{name} must be a whole number of days, 1 or more")
    return int(value)


if __name__ == "__main__":
    print(conversations_url())
