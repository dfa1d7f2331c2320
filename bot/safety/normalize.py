"""Turn a message as people type it into the plain words the lexicon and classifier read.

"Im gonna k1ll myselfff 😭" becomes "i am going to kill myself". Steps: fold case, accents and
curly quotes; contractions ("he'll", "can't"); leetspeak inside words ("k1ll", "su1c1d3"); letters
typed three or more times in a row squeezed to two ("soooo" → "soo"); SMS spellings expanded from
`bot/safety/lexicon.yml` (`spellings:`), in English and Spanish. Digits that stand alone (a ZIP
code, "5am") are kept as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Tuple

from bot.safety.data import load_lexicon
from bot.textclean import fold

_TOKEN = re.compile(r"[a-z0-9@$']+")
# Contractions read before apostrophes are dropped ("he'll" is not "hell"; "can't" is "can not").
_CONTRACTIONS = (
    (re.compile(r"\b(can|won)'t\b"), lambda match: "can not" if match.group(1) == "can" else "will not"),
    (re.compile(r"n't\b"), lambda match: " not"),
    (re.compile(r"'ll\b"), lambda match: " will"),
    (re.compile(r"'re\b"), lambda match: " are"),
    (re.compile(r"'ve\b"), lambda match: " have"),
    (re.compile(r"'d\b"), lambda match: " would"),
    (re.compile(r"\bi'm\b"), lambda match: "i am"),
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_REPEATS = re.compile(r"(.)\1{2,}")
# Numbers with a unit or an ordinal ("5am", "2nd", "10mg") are not leetspeak.
_NUMBER_WITH_UNIT = re.compile(r"^\d+[a-z]{0,3}$")


@lru_cache(maxsize=1)
def _spellings() -> Dict[str, str]:
    return {fold(word): fold(meaning) for word, meaning in load_lexicon()["spellings"].items()}


def _plain_token(token: str) -> str:
    token = token.replace("'", "")
    letters = sum(char.isalpha() for char in token)
    if 2 <= letters < len(token) and not _NUMBER_WITH_UNIT.match(token):
        token = token.translate(_LEET)
    token = re.sub(r"[^a-z0-9]", "", token)
    return _REPEATS.sub(r"\1\1", token)


@lru_cache(maxsize=512)  # the language, the answers, the lexicon and the classifier read the same message
def words(text: str) -> Tuple[str, ...]:
    """The message as plain, expanded words."""
    expanded: List[str] = []
    spellings = _spellings()
    folded = fold(text)
    for contraction, expansion in _CONTRACTIONS:
        folded = contraction.sub(expansion, folded)
    for raw in _TOKEN.findall(folded):
        token = _plain_token(raw)
        if token:
            expanded.extend(spellings.get(token, token).split())
    return tuple(expanded)


def normalize(text: str) -> str:
    """The message as one line of plain, expanded words separated by single spaces."""
    return " ".join(words(text))
