"""Choose the detector's thresholds, per language, by stratified 5-fold cross-validation on the
training files only.

    PYTHONPATH=. .venv/bin/python -m bot.safety.tuning

Each fold trains the classifier (classifier.train) on the other four and scores its own rows;
the lexicon is fixed (it was written with the training files in view, so its share of the catches
here is optimistic). For every detector.Thresholds of the grid, detector.outcome_of turns the
out-of-fold signals into outcomes, and the table gives, per language, the danger recall, the
possible-or-danger recall of possible rows, and the false alarms (danger) and gentle questions
(possible) on none rows. The best setting of a language has the lowest cost of errors (COSTS).
The test split (test-*.csv) is never read here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Dict, List, Sequence

from sklearn.model_selection import StratifiedKFold

from bot.safety import classifier, detector, lexicon
from bot.safety.data import LANGUAGES, Example, training_examples
from bot.safety.metrics import MEASURES, Result, measure

FOLDS = 5
SEED = 0
# The values each threshold may take.
GRID = {
    "phrased": (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5),
    "danger": tuple(round(0.3 + 0.05 * step, 2) for step in range(13)),  # 0.3 … 0.9
    "possible": (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8),
    "guarded_danger": (0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    "guarded_possible": (0.2, 0.3, 0.4, 0.5, 0.6, 0.7),
}
ROUNDS = 4
# What each kind of error costs, by (expected outcome, outcome given). A missed danger message can
# cost a life. A false alarm gives a crisis reply instead of the answer and asks the patient's
# question again. A danger message that got the gentle question got the crisis line and a direct
# question, but not the crisis reply first; a possible message that got nothing, no question at
# all. A gentle question on an everyday message asks a patient who is fine about suicide: intrusive,
# and it wears the question out.
COSTS = {
    ("danger", "none"): 5.0,
    ("none", "danger"): 2.0,
    ("danger", "possible"): 1.0,
    ("possible", "none"): 1.0,
    ("none", "possible"): 1.0,
}
Setting = detector.Thresholds


@dataclass(frozen=True)
class Scored:
    """One training example with what the lexicon and the out-of-fold classifier found in it."""

    example: Example
    signals: detector.Signals


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
        Scored(example, detector.signals_of(lexicon.find(example.text), probabilities[index]))
        for index, example in enumerate(examples)
    ]


def results_at(scored: Sequence[Scored], setting: Setting) -> List[Result]:
    """What the detector concludes about every scored example with these thresholds."""
    return [Result(item.example, *detector.outcome_of(item.signals, setting)) for item in scored]


def lexicon_alone(scored: Sequence[Scored]) -> List[Result]:
    """What the lexicon decides without the classifier (no phrase vetoed, every probability 0)."""
    silent = Setting(phrased=0.0, danger=2.0, possible=2.0, guarded_danger=2.0, guarded_possible=2.0)
    return [
        Result(item.example, *detector.outcome_of(replace(item.signals, danger=0.0, possible=0.0), silent))
        for item in scored
    ]


def cost(results: Sequence[Result]) -> float:
    """The errors of a setting, weighed by COSTS."""
    return sum(COSTS.get((result.example.outcome, result.outcome), 0.0) for result in results)


def _valid(setting: Setting) -> bool:
    return setting.guarded_possible < setting.guarded_danger and setting.phrased < setting.danger


def best_setting(scored: Sequence[Scored], start: Setting) -> Setting:
    """The setting of lowest cost, found one threshold at a time over its GRID values (ROUNDS
    rounds, from `start`). Ties go to the lower threshold: the safer side for recall."""
    best = start
    for _ in range(ROUNDS):
        for name, values in GRID.items():
            settings = (replace(best, **{name: value}) for value in values)
            candidates = [setting for setting in settings if _valid(setting)]
            best = min(candidates, key=lambda setting: (cost(results_at(scored, setting)), getattr(setting, name)))
    return best


def _details(results: Sequence[Result], language: str) -> List[str]:
    return [f"  {name}: {measure(results, name, language)}" for name in MEASURES]


def main() -> None:
    started = time.perf_counter()
    examples = training_examples()
    scored = out_of_fold(examples)
    print(f"{FOLDS}-fold cross-validation on {len(examples)} training rows (test split unused)")
    for language in LANGUAGES:
        rows = [item for item in scored if item.example.language == language]
        in_force = detector.THRESHOLDS[language]
        best = best_setting(rows, in_force)
        chosen, current = results_at(rows, best), results_at(rows, in_force)
        print(f"\n{language}: best {best}, cost {cost(chosen):.0f}")
        print(f"  in force {in_force}, cost {cost(current):.0f}")
        print("\n".join(_details(chosen, language)))
        print("  in force:")
        print("\n".join(_details(current, language)))
        print("  lexicon alone (classifier ignored):")
        print("\n".join(_details(lexicon_alone(rows), language)))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
