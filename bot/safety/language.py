"""Is a message English or Spanish? Counted over the words only one of the two dictionaries knows."""

from __future__ import annotations

from functools import lru_cache
from typing import FrozenSet

from spellchecker import SpellChecker

from bot.safety.normalize import words


@lru_cache(maxsize=2)
def dictionary(language: str) -> FrozenSet[str]:
    """The words pyspellchecker's shipped word list knows in `language` ("en" or "es")."""
    return frozenset(SpellChecker(language=language, distance=1).word_frequency.dictionary)


def language_of(text: str) -> str:
    """ "es" when more of the message's words are Spanish-only than English-only, else "en"."""
    english, spanish = dictionary("en"), dictionary("es")
    balance = 0
    for word in words(text):
        balance += (word in spanish and word not in english) - (word in english and word not in spanish)
    return "es" if balance > 0 else "en"
