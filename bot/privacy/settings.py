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


class PrivacyConfigurationError(RuntimeError):
    """A retention setting that can't be honoured."""


def conversations_url(env: Mapping[str, str] = os.environ) -> str:
    """The tracker store's SQLAlchemy URL (TRACKER_STORE_URL, expanded in endpoints.yml)."""
    return env.get("TRACKER_STORE_URL") or DEFAULT_CONVERSATIONS_URL


def retention_days(env: Mapping[str, str] = os.environ) -> int:
    """Days a conversation is kept after its last message (CARE_FINDER_RETENTION_DAYS)."""
    value = env.get("CARE_FINDER_RETENTION_DAYS") or str(DEFAULT_RETENTION_DAYS)
    if not value.isdecimal() or int(value) < 1:
        raise PrivacyConfigurationError("CARE_FINDER_RETENTION_DAYS must be a whole number of days, 1 or more")
    return int(value)


if __name__ == "__main__":
    print(conversations_url())
