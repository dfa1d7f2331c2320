"""LinearScorer computes exactly what the scikit-learn pipeline it was read from computes."""

import random
from typing import Tuple

import pytest
from sklearn.pipeline import Pipeline

from bot.safety import classifier
from bot.safety.data import training_examples
from bot.safety.lexicon import reading

SAMPLE = 50


@pytest.fixture(scope="module")
def trained() -> Tuple[Pipeline, classifier.LinearScorer]:
    """A pipeline trained on the training files (a few seconds), and its scorer."""
    pipeline = classifier.build(training_examples())
    return pipeline, classifier.LinearScorer.of(pipeline)


def _sample_texts():
    texts = sorted({example.text for example in training_examples()})
    return random.Random(0).sample(texts, SAMPLE) + ["", "zzzz qqqq"]  # and texts with no known feature


def test_scorer_matches_predict_proba(trained) -> None:
    pipeline, scorer = trained
    assert scorer.classes == tuple(str(name) for name in pipeline.classes_)
    for text in _sample_texts():
        expected = dict(zip(scorer.classes, pipeline.predict_proba([reading(text)])[0]))
        got = scorer.probabilities(reading(text))
        assert got.keys() == expected.keys()
        for name in expected:
            assert abs(got[name] - expected[name]) < 1e-9, (text, name, got[name], expected[name])
