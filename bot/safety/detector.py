"""Normalise → lexicon → classifier → one of three outcomes, with the reasons.

- A danger phrase is `danger`, whatever the classifier says, unless a guard in the same message may
  cancel its category (figurative speech, a topic, the past or recovery, negation, an everyday use).
- When a guard matched, the classifier, trained on such hard negatives, decides (Thresholds).
- Otherwise the classifier decides: `danger` or `possible` from its thresholds, or `possible` when a
  possible-danger phrase matched.
The thresholds are chosen by cross-validation on the training files only (bot/safety/tuning.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Tuple

from bot.safety import classifier, lexicon
from bot.safety.data import DANGER_CATEGORIES
from bot.safety.language import language_of


@dataclass(frozen=True)
class Thresholds:
    """The classifier's probability of danger from which each outcome is given."""

    danger: float = 0.5  # no lexicon phrase decided
    possible: float = 0.5  # danger plus possible danger
    guarded_danger: float = 0.5  # a guard matched: the classifier, trained on hard negatives, decides
    guarded_possible: float = 0.4


# Chosen with `python -m bot.safety.tuning` (cross-validation on the training files; docs/safety.md).
THRESHOLDS = Thresholds(danger=0.6, possible=0.6, guarded_danger=0.7, guarded_possible=0.6)
# Signs that call for emergency care now rather than a crisis line first.
EMERGENCY_CATEGORIES = frozenset({"psychosis", "harm_to_child", "overdose"})


@dataclass(frozen=True)
class Assessment:
    """What the detector concluded about one message, and why."""

    outcome: str  # "danger", "possible" or "none"
    category: str  # a danger category, "possible" or "none"
    language: str  # "en" or "es": the language of the crisis reply
    danger_probability: float
    reasons: Tuple[str, ...]
    guarded: bool = False  # a guard matched: danger words used figuratively, as a topic, in the past…

    @property
    def urgency(self) -> str:
        """ "emergency" (psychosis signs, harm to a child, an overdose), else "crisis"."""
        return "emergency" if self.category in EMERGENCY_CATEGORIES else "crisis"


def _definite(dangers: List[lexicon.Hit], guards: List[lexicon.Hit]) -> List[lexicon.Hit]:
    """Danger phrases no guard of the message may cancel (a past marker cannot cancel violence)."""
    return [
        hit
        for hit in dangers
        if hit.rule.unguarded or not any(hit.rule.category in guard.rule.cancels for guard in guards)
    ]


def _most_urgent(categories: List[str]) -> str:
    return sorted(
        categories, key=lambda category: (category not in EMERGENCY_CATEGORIES, DANGER_CATEGORIES.index(category))
    )[0]


def danger_of(probabilities: Dict[str, float]) -> float:
    """The classifier's probability of danger: its danger categories together."""
    return sum(probabilities.get(category, 0.0) for category in DANGER_CATEGORIES)


def decide(
    hits: List[lexicon.Hit], probabilities: Dict[str, float], thresholds: Thresholds = THRESHOLDS
) -> Tuple[str, str, List[str]]:
    """Outcome, category and reasons from the lexicon's hits and the classifier's probabilities."""
    guards = [hit for hit in hits if hit.rule.group == "guard"]
    dangers = [hit for hit in hits if hit.rule.group == "danger"]
    possibles = [hit for hit in hits if hit.rule.group == "possible"]
    danger_probability = danger_of(probabilities)
    reasons = [f'{hit.rule.group} {hit.rule.id} ({hit.rule.category}): "{hit.phrase}"' for hit in hits]
    reasons.append(f"classifier: danger {danger_probability:.2f}, possible {probabilities.get('possible', 0.0):.2f}")
    definite = _definite(dangers, guards)
    if definite:
        return "danger", _most_urgent([hit.rule.category for hit in definite]), reasons
    learned = max(DANGER_CATEGORIES, key=lambda category: probabilities.get(category, 0.0))
    phrased = _most_urgent([hit.rule.category for hit in dangers]) if dangers else learned
    if guards:
        if danger_probability >= thresholds.guarded_danger:
            return "danger", phrased, reasons
        if danger_probability >= thresholds.guarded_possible:
            return "possible", "possible", reasons
        return "none", "none", reasons
    if danger_probability >= thresholds.danger:
        return "danger", learned, reasons
    if possibles or danger_probability + probabilities.get("possible", 0.0) >= thresholds.possible:
        return "possible", "possible", reasons
    return "none", "none", reasons


def prepare() -> None:
    """Train the classifier and compile the lexicon now, so the first message is as fast as the next."""
    classifier.trained()
    lexicon.find("")


def assess(text: str) -> Assessment:
    """The outcome for one message as a patient typed it."""
    probabilities = classifier.probabilities(text)
    hits = lexicon.find(text)
    outcome, category, reasons = decide(hits, probabilities)
    danger_probability = danger_of(probabilities)
    guarded = any(hit.rule.group == "guard" for hit in hits)
    return Assessment(outcome, category, language_of(text), round(danger_probability, 3), tuple(reasons), guarded)
