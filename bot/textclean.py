"""Make any incoming message safe to process: bounded, printable, single-spaced.

Used by the NLU pipeline (so a 10,000-character or binary message cannot slow or crash it)
and by the actions (so they read the same text the NLU saw).
"""

import re
import unicodedata

MAX_MESSAGE_CHARS = 1000
# What an empty message becomes: the classifier needs at least one token (Rasa 3.6's
# LogisticRegressionClassifier fails on none), and bot/nlu/overrides.py marks it unclear.
EMPTY_MESSAGE = "empty message"

_WHITESPACE = re.compile(r"\s+")


def clean_text(text: object, max_chars: int = MAX_MESSAGE_CHARS) -> str:
    """Return printable text, control and format characters removed, at most `max_chars` long.

    Empty, blank or non-text input becomes EMPTY_MESSAGE.
    """
    if not isinstance(text, str):
        return EMPTY_MESSAGE
    printable = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") else char for char in text[: max_chars * 2]
    )
    return _WHITESPACE.sub(" ", printable).strip()[:max_chars] or EMPTY_MESSAGE


def fold(text: str) -> str:
    """Lower-case and strip accents and curly quotes, for matching words people type."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))
