"""Normalisation (bot/safety/normalize.py) and typo correction (bot/safety/lexicon.py)."""

import pytest

from bot.safety.lexicon import corrected, reading
from bot.safety.normalize import normalize


@pytest.mark.parametrize(
    "typed, plain",
    [
        ("k1ll", "kill"),
        ("su1c1d3", "suicide"),
        ("im going to k1ll myselfff", "i am going to kill myselff"),
        ("wake up at 5am", "wake up at 5am"),
        ("my zip is 91367", "my zip is 91367"),
        ("soooo tired", "soo tired"),
        ("kms", "kill myself"),
        ("KMS", "kill myself"),
        ("Sí, mañana está él", "si manana esta el"),
        ("i am sad 😭🔥", "i am sad"),
        ("😭", ""),
        ("I\u2019m gonna", "i am going to"),
    ],
)
def test_normalize(typed: str, plain: str) -> None:
    assert normalize(typed) == plain


@pytest.mark.parametrize("typo, word", [("sucide", "suicide"), ("overdoze", "overdose"), ("kisiera", "quisiera")])
def test_typos_are_read_as_the_lexicon_word(typo: str, word: str) -> None:
    assert reading(typo) == word


@pytest.mark.parametrize("word", ["overdone", "hanging", "killing", "quiero"])
def test_real_words_are_not_corrected(word: str) -> None:
    assert corrected(word) == word
    assert reading(word) == word
