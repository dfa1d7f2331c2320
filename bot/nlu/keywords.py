"""Read a patient's free-text answer against the word lists in bot/content/understanding.yml.

Framework-free: the actions call these functions; the word lists are content, not code.
"""

import difflib
import re
from typing import Dict, FrozenSet, List, Optional

from bot.textclean import fold
from bot.wording import load_content

# A single word also matches a word typed with a small typo ("postpartm", "therapys").
_TYPO_CUTOFF = 0.84
_MIN_FUZZY_LENGTH = 5
_WORD = re.compile(r"[a-z0-9']+")


def _content() -> dict:
    return load_content("understanding.yml")


def _mentions(folded_text: str, words: List[str], phrase: str) -> bool:
    phrase = fold(phrase)
    if " " in phrase or not phrase.isalpha() or len(phrase) < _MIN_FUZZY_LENGTH:
        return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", folded_text) is not None
    return bool(difflib.get_close_matches(phrase, words, n=1, cutoff=_TYPO_CUTOFF))


def _matching_keys(text: str, vocabulary: Dict[str, List[str]]) -> List[str]:
    return [key for key, phrases in vocabulary.items() if _says_any(text, phrases)]


def care_type_in(text: str) -> Optional[str]:
    """The most specific kind of care the text mentions, or None."""
    matches = _matching_keys(text, _content()["care_types"])
    return matches[0] if matches else None


def coverage_in(text: str) -> Optional[str]:
    """How the patient says they are covered (Medi-Cal, Medicare, a job...), or None."""
    matches = _matching_keys(text, _content()["coverage"])
    return matches[0] if matches else None


def preferences_in(text: str) -> Optional[FrozenSet[str]]:
    """Preferences the text mentions; an empty set for "no preference"; None if none understood."""
    matches = _matching_keys(text, _content()["preferences"])
    if not matches:
        return None
    return frozenset(key for key in matches if key != "none")


def perinatal_stages_in(text: str) -> FrozenSet[str]:
    """ "pregnant" and/or "postpartum" when the text says so (providers.vocabulary.PERINATAL_GROUPS)."""
    return frozenset(_matching_keys(text, _content()["perinatal_stages"]))


def _says_any(text: str, phrases: List[str]) -> bool:
    folded = fold(text)
    words = _WORD.findall(folded)
    return any(_mentions(folded, words, phrase) for phrase in phrases)


def says_unknown_date(text: str) -> bool:
    """True for answers such as "not sure" or "idk" to "when was it canceled?"."""
    return _says_any(text, _content()["unknown_date"])


def says_anywhere(text: str) -> bool:
    """True for answers such as "anywhere in California" to "where are you?"."""
    return _says_any(text, _content()["anywhere"])
