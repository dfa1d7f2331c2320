"""Choose the detector's thresholds by stratified 5-fold cross-validation on the training files only.

    PYTHONPATH=. .venv/bin/python -m bot.safety.tuning

Each fold trains the classifier (classifier.build) on the other four and scores its own rows with
classifier.LinearScorer; the lexicon is fixed (it was written with the training files in view, so
its share of the catches here is optimistic). For every pair of DANGER_AT and POSSIBLE_AT in GRID,
detector.decide turns the out-of-fold probabilities and the lexicon's hits into outcomes, and the
table gives, per language, the danger recall, the possible-or-danger recall of possible rows, and
the false alarms (danger) and gentle questions (possible) on none rows. The best setting has the
highest recall in the weaker language (100% if reachable), then the fewest false alarms, then the
fewest gentle questions; ties go to the lower thresholds (the safer side for recall).
test.csv is never read here.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Dict, Iterator, List, Sequence, Tuple

from sklearn.model_selection import StratifiedKFold

from bot.safety import classifier, detector, lexicon
from bot.safety.data import LANGUAGES, Example, training_examples
from bot.safety.metrics import MEASURES, Result, measure

FOLDS = 5
SEED = 0
GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
Setting = Tuple[float, float]  # (DANGER_AT, POSSIBLE_AT)


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
        scorer = classifier.LinearScorer.of(classifier.build([examples[index] for index in train]))
        for index in held_out:
            probabilities[index] = classifier.probabilities(examples[index].text, scorer)
    return [Scored(example, tuple(lexicon.find(example.text)), probabilities[index])
            for index, example in enumerate(examples)]


@contextmanager
def thresholds(danger_at: float, possible_at: float) -> Iterator[None]:
    """detector.decide reads module constants, not arguments: set them for the duration only."""
    saved = detector.DANGER_AT, detector.POSSIBLE_AT
    detector.DANGER_AT, detector.POSSIBLE_AT = danger_at, possible_at
    try:
        yield
    finally:
        detector.DANGER_AT, detector.POSSIBLE_AT = saved


def _decide_all(scored: Sequence[Scored], use_classifier: bool = True) -> List[Result]:
    results = []
    for item in scored:
        outcome, category, _ = detector.decide(list(item.hits), item.probabilities if use_classifier else {})
        results.append(Result(item.example, outcome, category))
    return results


def results_at(scored: Sequence[Scored], setting: Setting) -> List[Result]:
    """What the detector concludes about every scored example with these thresholds."""
    with thresholds(*setting):
        return _decide_all(scored)


def lexicon_alone(scored: Sequence[Scored]) -> List[Result]:
    """What the lexicon decides without the classifier (every probability 0): the threshold-free floor."""
    return _decide_all(scored, use_classifier=False)


def merit(results: Sequence[Result]) -> Tuple[float, ...]:
    """Sort key of a setting's results, lower is better: recall first, then false alarms."""
    weakest_recall = min(measure(results, "danger recall", language).share for language in LANGUAGES)
    weakest_possible = min(measure(results, "possible recall", language).share for language in LANGUAGES)
    return (-weakest_recall, -weakest_possible, measure(results, "false alarms").hits,
            measure(results, "gentle questions").hits)


def _header() -> str:
    measures = "".join(f"{name:>20}" for name in MEASURES)
    languages = "".join(f"{language:>10}" for _ in MEASURES for language in LANGUAGES)
    return f"{'':>10}{'':>12}{measures}\n{'DANGER_AT':>10}{'POSSIBLE_AT':>12}{languages}"


def _row(setting: Setting, results: Sequence[Result]) -> str:
    cells = "".join(f"{measure(results, name, language).share:>10.1%}" for name in MEASURES for language in LANGUAGES)
    return f"{setting[0]:>10.1f}{setting[1]:>12.1f}{cells}"


def _details(results: Sequence[Result]) -> List[str]:
    return [f"  {name}, {language}: {measure(results, name, language)}" for name in MEASURES for language in LANGUAGES]


def main() -> None:
    started = time.perf_counter()
    examples = training_examples()
    scored = out_of_fold(examples)
    table = {(danger_at, possible_at): results_at(scored, (danger_at, possible_at))
             for danger_at in GRID for possible_at in GRID}
    print(f"{FOLDS}-fold cross-validation on {len(examples)} training rows (test.csv unused); "
          f"shares per language of the rows each measure counts")
    print(_header())
    for setting, results in table.items():
        print(_row(setting, results))
    best = min(table, key=lambda setting: (merit(table[setting]), setting))
    tied = [setting for setting in table if merit(table[setting]) == merit(table[best])]
    print(f"\nbest: DANGER_AT = {best[0]}, POSSIBLE_AT = {best[1]} "
          f"(in force: {detector.DANGER_AT}, {detector.POSSIBLE_AT}; settings with the same figures: {len(tied)})")
    print("\n".join(_details(table[best])))
    print("lexicon alone (classifier ignored), whatever the thresholds:")
    print("\n".join(_details(lexicon_alone(scored))))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
