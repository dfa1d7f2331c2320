"""The learned layer: a calibrated text classifier trained on the project's own corpus.

Word and character n-grams of the normalised text, and what the lexicon found in it (which entries,
and whether a guard came with a danger phrase), all TF-IDF weighted, feed a logistic regression whose
probabilities are calibrated (scikit-learn's CalibratedClassifierCV, sigmoid). Classes: "none",
"possible" and each danger category. It is trained from `corpus/train-*.csv` when first used after a
change of its inputs and kept in var/ for the next start (model_cache; nothing is downloaded).
Two such models: one for the outcome (none, possible, danger), one for the danger category.

scikit-learn trains it. For one message at a time, its own predict_proba spends over a millisecond on
input checks, so `LinearScorer` reads the trained numbers (vocabulary, idf, coefficients, sigmoid
parameters) and computes the same probabilities directly (tests/safety compares the two).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Dict, List, Sequence, Tuple

import numpy
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from bot.safety import lexicon, model_cache
from bot.safety.data import Example, training_examples
from bot.safety.lexicon import reading

REGULARIZATION = 16.0
# Below this probability of danger, the category model is not asked (no threshold is this low).
CATEGORY_FROM = 0.25


def label_of(example: Example) -> str:
    """The class of an example, as the cross-validation stratifies them."""
    return example.category if example.outcome == "danger" else example.outcome


def build(
    examples: Sequence[Example],
    label: Callable[[Example], str] = lambda example: example.outcome,
    regularization: float = REGULARIZATION,
) -> Pipeline:
    """A scikit-learn pipeline trained on `examples` to predict `label` (by default the outcome)."""
    model = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
            TfidfVectorizer(analyzer=lexicon.features),
        ),
        CalibratedClassifierCV(
            LogisticRegression(C=regularization, max_iter=3000),
            method="sigmoid",
            cv=3,
            ensemble=False,  # one model on all the data, calibrated on cross-validated predictions
        ),
    )
    # An array, not a list: CalibratedClassifierCV counts each class with `labels == name`.
    labels = numpy.array([label(example) for example in examples])
    model.fit([reading(example.text) for example in examples], labels)
    return model


@dataclass(frozen=True)
class _Vectorizer:
    analyzer: Callable[[str], List[str]]
    vocabulary: Dict[str, int]
    idf: Tuple[float, ...]  # plain floats: indexing a numpy array one term at a time is slower
    offset: int


@dataclass(frozen=True)
class LinearScorer:
    """The trained pipeline's arithmetic, for one message at a time."""

    classes: Tuple[str, ...]
    vectorizers: Tuple[_Vectorizer, ...]
    weights: numpy.ndarray  # (features, classes)
    intercept: numpy.ndarray
    sigmoid_a: numpy.ndarray
    sigmoid_b: numpy.ndarray

    @classmethod
    def of(cls, pipeline: Pipeline) -> LinearScorer:
        union, calibrated = pipeline.steps[0][1], pipeline.steps[-1][1]
        vectorizers, offset = [], 0
        for _, vectorizer in union.transformer_list:
            vectorizers.append(
                _Vectorizer(
                    vectorizer.build_analyzer(), vectorizer.vocabulary_, tuple(vectorizer.idf_.tolist()), offset
                )
            )
            offset += len(vectorizer.vocabulary_)
        (fitted,) = calibrated.calibrated_classifiers_
        regression = fitted.base_estimator
        return cls(
            classes=tuple(str(name) for name in regression.classes_),
            vectorizers=tuple(vectorizers),
            weights=numpy.ascontiguousarray(regression.coef_.T),
            intercept=regression.intercept_,
            sigmoid_a=numpy.array([calibrator.a_ for calibrator in fitted.calibrators]),
            sigmoid_b=numpy.array([calibrator.b_ for calibrator in fitted.calibrators]),
        )

    def _features(self, text: str) -> Tuple[List[int], List[float]]:
        indices: List[int] = []
        values: List[float] = []
        for vectorizer in self.vectorizers:
            vocabulary, idf = vectorizer.vocabulary, vectorizer.idf
            counts = Counter(index for index in map(vocabulary.get, vectorizer.analyzer(text)) if index is not None)
            weighted = {index: (1.0 + math.log(count)) * idf[index] for index, count in counts.items()}
            norm = math.sqrt(sum(value * value for value in weighted.values())) or 1.0
            indices.extend(vectorizer.offset + index for index in weighted)
            values.extend(value / norm for value in weighted.values())
        return indices, values

    def probabilities(self, text: str) -> Dict[str, float]:
        indices, values = self._features(text)
        scores = numpy.asarray(values) @ self.weights[indices] + self.intercept if indices else self.intercept
        calibrated = 1.0 / (1.0 + numpy.exp(self.sigmoid_a * scores + self.sigmoid_b))
        total = calibrated.sum()
        calibrated = calibrated / total if total else numpy.full_like(calibrated, 1 / len(self.classes))
        return dict(zip(self.classes, (float(value) for value in calibrated)))


@dataclass(frozen=True)
class Model:
    """Two scorers: the outcome (none, possible, danger), and which danger it is. (One model over all
    eight classes spread a harmless message's probability thinly over six danger categories, whose
    sum then looked like danger.)"""

    outcome: LinearScorer
    category: LinearScorer


def train(examples: Sequence[Example]) -> Model:
    dangers = [example for example in examples if example.outcome == "danger"]
    return Model(
        LinearScorer.of(build(examples)),
        LinearScorer.of(build(dangers, label=lambda example: example.category)),
    )


@lru_cache(maxsize=1)
def trained() -> Model:
    """The model of the current corpus: saved by a previous start, or trained now."""
    return model_cache.load_or_build(lambda: train(training_examples()))


def probabilities(text: str, model: Model | None = None) -> Dict[str, float]:
    """Calibrated probabilities of "none", "possible" and each danger category (which add up to the
    probability of danger) for one message."""
    model = model or trained()
    read = reading(text)
    outcome = model.outcome.probabilities(read)
    danger = outcome.pop("danger", 0.0)
    if danger < CATEGORY_FROM:  # which danger it would be matters only when danger is likely
        return {**outcome, **{category: danger / len(model.category.classes) for category in model.category.classes}}
    categories = model.category.probabilities(read)
    return {**outcome, **{category: danger * share for category, share in categories.items()}}
