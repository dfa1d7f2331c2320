"""The held-out test split (tests/nlu/heldout/) is never used for training."""

import pytest

from bot.nlu.language import NLU_DATA, SPANISH_DATA, training_examples
from bot.textclean import fold
from scripts.evaluate_nlu_heldout import LANGUAGES, heldout_examples


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_heldout_example_is_a_training_example(lang):
    trained = {fold(text).strip() for text in training_examples(NLU_DATA) + training_examples(SPANISH_DATA)}
    examples = heldout_examples(lang)
    assert len(examples) >= 50
    assert [text for text, _ in examples if fold(text).strip() in trained] == []
