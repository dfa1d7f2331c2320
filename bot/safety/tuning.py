"""Choose the detector's thresholds by stratified 5-fold cross-validation on the training files only.

    PYTHONPATH=. .venv/bin/python -m bot.safety.tuning

Each fold trains the classifier (classifier.train) on the other four and scores its own rows;
the lexicon is fixed (it was written with the training files in view, so its share of the catches
here is optimistic). For every detector.Thresholds of the grid,
detector.decide turns the out-of-fold probabilities and the lexicon's hits into outcomes, and the
table gives, per language, the danger recall, the possible-or-danger recall of possible rows, and
the false alarms (danger) and gentle questions (possible) on none rows. The best setting has the
lowest cost of errors (see merit); ties go to the lower thresholds (the safer side for recall).
test.csv is never read here.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import astuple, dataclass
from typing import Dict, List, Sequence, Tuple

from sklearn.model_selection import StratifiedKFold

from bot.safety import classifier, detector, lexicon
from bot.safety.data import LANGUAGES, Example, training_examples
from bot.safety.metrics import MEASURES, Result, measure

FOLDS = 5
SEED = 0
DANGER_GRID = (0.4, 0.5, 0.6, 0.7, 0.8)
POSSIBLE_GRID = (0.4, 0.5, 0.6, 0.7)
GUARDED_DANGER_GRID = (0.4, 0.5, 0.6, 0.7, 0.8)
GUARDED_POSSIBLE_GRID = (0.3, 0.4, 0.5, 0.6)
# A missed danger message costs as much as this many false alarms ("a false alarm costs one kind
# message; a miss can cost a life"); a gentle question on an everyday message a fraction of one.
MISS_COST = 5
GENTLE_COST = 0.2
Setting = detector.Thresholds


@dataclass(frozen=True)
class Scored:
    """One training example with its lexicon hits and its out-of-fold class probabilities."""

    example: Example
    hits: Tuple[lexicon.Hit, ...]
    probabilities: Dict[str, float]


def _stratum(example: Example) -> str:
    return f"{example.language}/{classifier.label_of(example)}"


def out_of_fold(examples: Sequence[Example]) -> List[Scored]:
    """Every example scored by a classifier trained on the folds it is not in."""
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    probabilities: Dict[int, Dict[str, float]] = {}
    for train, held_out in folds.split(examples, [_stratum(example) for example in examples]):
        model = classifier.train([examples[index] for index in train])
        for index in held_out:
            probabilities[index] = classifier.probabilities(examples[index].text, model)
    return [
        Scored(example, tuple(lexicon.find(example.text)), probabilities[index])
        for index, example in enumerate(examples)
    ]


def grid() -> List[Setting]:
    return [
        detector.Thresholds(*values)
        for values in itertools.product(DANGER_GRID, POSSIBLE_GRID, GUARDED_DANGER_GRID, GUARDED_POSSIBLE_GRID)
        if values[3] < values[2]
    ]


def _decide_all(
    scored: Sequence[Scored], setting: Setting = detector.THRESHOLDS, use_classifier: bool = True
) -> List[Result]:
    results = []
    for item in scored:
        probabilities = item.probabilities if use_classifier else {}
        outcome, category, _ = detector.decide(list(item.hits), probabilities, setting)
        results.append(Result(item.example, outcome, category))
    return results


def results_at(scored: Sequence[Scored], setting: Setting) -> List[Result]:
    """What the detector concludes about every scored example with these thresholds."""
    return _decide_all(scored, setting)


def lexicon_alone(scored: Sequence[Scored]) -> List[Result]:
    """What the lexicon decides without the classifier (every probability 0): the threshold-free floor."""
    return _decide_all(scored, use_classifier=False)


def merit(results: Sequence[Result]) -> Tuple[float, ...]:
    """Sort key of a setting's results, lower is better: the cost of its errors, a missed danger
    message counting as MISS_COST false alarms and a gentle question on an everyday message as
    GENTLE_COST of one, then the weaker language's recall."""
    missed = sum(
        measure(results, "danger recall", language).total - measure(results, "danger recall", language).hits
        for language in LANGUAGES
    )
    cost = (
        MISS_COST * missed
        + measure(results, "false alarms").hits
        + GENTLE_COST * measure(results, "gentle questions").hits
    )
    weakest_recall = min(measure(results, "danger recall", language).share for language in LANGUAGES)
    return (cost, -weakest_recall)


def _header() -> str:
    measures = "".join(f"{name:>20}" for name in MEASURES)
    languages = "".join(f"{language:>10}" for _ in MEASURES for language in LANGUAGES)
    return f"{'thresholds':>24}{measures}\n{'(danger possible guarded)':>24}{languages}"


def _row(setting: Setting, results: Sequence[Result]) -> str:
    cells = "".join(f"{measure(results, name, language).share:>10.1%}" for name in MEASURES for language in LANGUAGES)
    return f"{' '.join(f'{value:.1f}' for value in astuple(setting)):>24}{cells}"


def _details(results: Sequence[Result]) -> List[str]:
    return [f"  {name}, {language}: {measure(results, name, language)}" for name in MEASURES for language in LANGUAGES]


def main() -> None:
    started = time.perf_counter()
    examples = training_examples()
    scored = out_of_fold(examples)
    table = {setting: results_at(scored, setting) for setting in grid()}
    print(
        f"{FOLDS}-fold cross-validation on {len(examples)} training rows (test.csv unused); "
        f"shares per language of the rows each measure counts"
    )
    print(_header())
    for setting, results in table.items():
        print(_row(setting, results))
    best = min(table, key=lambda setting: (merit(table[setting]), astuple(setting)))
    tied = [setting for setting in table if merit(table[setting]) == merit(table[best])]
    print(f"\nbest: {best}\nin force: {detector.THRESHOLDS}; settings with the same figures: {len(tied)}")
    print("\n".join(_details(table[best])))
    print("lexicon alone (classifier ignored), whatever the thresholds:")
    print("\n".join(_details(lexicon_alone(scored))))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
