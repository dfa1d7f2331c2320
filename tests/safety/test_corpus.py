"""The labelled corpus is big enough, balanced enough, and its splits do not leak into each other."""

from collections import Counter
from typing import Iterable

import pytest

from bot.safety.data import (
    DANGER_CATEGORIES,
    HARD_NEGATIVE_CATEGORIES,
    LANGUAGES,
    Example,
    training_examples,
    written_training_examples,
)
from bot.safety.data import test_examples as held_out  # not "test_…": pytest would collect it


def _key(text: str) -> str:
    return text.strip().lower()


def _all() -> tuple:
    return (*training_examples(), *held_out())


def _present(examples: Iterable[Example], language: str, category: str) -> bool:
    return any(example.language == language and example.category == category for example in examples)


def test_corpus_has_at_least_800_rows_in_both_languages() -> None:
    assert len(_all()) >= 800
    assert {example.language for example in _all()} == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("category", DANGER_CATEGORIES)
def test_every_danger_category_is_in_both_splits(language: str, category: str) -> None:
    assert _present(training_examples(), language, category), "missing from train-*.csv"
    assert _present(held_out(), language, category), "missing from the test split"


def test_hard_negatives_are_at_least_40_percent_of_the_written_corpus() -> None:
    """The corpus files (train-*.csv and test-*.csv); the NLU's everyday examples come on top."""
    written = (*written_training_examples(), *held_out())
    hard = sum(example.category in HARD_NEGATIVE_CATEGORIES for example in written)
    assert hard / len(written) >= 0.40, f"{hard} of {len(written)}"


def test_no_text_is_in_both_train_and_test() -> None:
    trained = {_key(example.text) for example in training_examples()}
    shared = [f"{example.source}: {example.text!r}" for example in held_out() if _key(example.text) in trained]
    assert not shared, "\n".join(shared)


def test_no_text_is_twice_in_the_training_files() -> None:
    counts = Counter(_key(example.text) for example in training_examples())
    duplicates = [
        f"{example.source}: {example.text!r}" for example in training_examples() if counts[_key(example.text)] > 1
    ]
    assert not duplicates, "\n".join(duplicates)
