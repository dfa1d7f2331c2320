"""Normalise → lexicon → classifier → one of three outcomes, with the reasons.

- A danger phrase that no guard overlaps is `danger`, whatever the classifier says.
- A message where a guard matched (figurative speech, a topic, the past, negation, an everyday use)
  and no danger phrase is left raises no alarm on the classifier's word alone: at most `possible`,
  when the classifier is very sure.
- Otherwise the classifier decides: `danger` above DANGER_AT, `possible` above POSSIBLE_AT (its
  probability of danger plus possible danger) or when a possible-danger phrase matched.
The thresholds are chosen by cross-validation on the training files only (bot/safety/tuning.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Tuple

from bot.safety import classifier, lexicon
from bot.safety.data import DANGER_CATEGORIES
from bot.safety.language import language_of

DANGER_AT = 0.5
POSSIBLE_AT = 0.5
GUARDED_POSSIBLE_AT = 0.9
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
        """"emergency" (psychosis signs, harm to a child, an overdose), else "crisis"."""
        return "emergency" if self.category in EMERGENCY_CATEGORIES else "crisis"


def _overlaps(first: lexicon.Hit, second: lexicon.Hit) -> bool:
    return first.start < second.end and second.start < first.end


def _uncancelled(hits: List[lexicon.Hit], group: str, guards: List[lexicon.Hit]) -> List[lexicon.Hit]:
    return [
        hit
        for hit in hits
        if hit.rule.group == group
        and not any(_overlaps(hit, guard) and (group != "danger" or hit.rule.category in guard.rule.cancels)
                    for guard in guards)
    ]


def _most_urgent(categories: List[str]) -> str:
    return sorted(categories, key=lambda category: (category not in EMERGENCY_CATEGORIES,
                                                    DANGER_CATEGORIES.index(category)))[0]


def decide(hits: List[lexicon.Hit], probabilities: Dict[str, float]) -> Tuple[str, str, List[str]]:
    """Outcome, category and reasons from the lexicon's hits and the classifier's probabilities."""
    guards = [hit for hit in hits if hit.rule.group == "guard"]
    dangers = _uncancelled(hits, "danger", guards)
    possibles = _uncancelled(hits, "possible", guards)
    danger_probability = sum(probabilities.get(category, 0.0) for category in DANGER_CATEGORIES)
    reasons = [f"{hit.rule.group} {hit.rule.id} ({hit.rule.category}): \"{hit.phrase}\"" for hit in hits]
    reasons.append(f"classifier: danger {danger_probability:.2f}, possible {probabilities.get('possible', 0.0):.2f}")
    if dangers:
        return "danger", _most_urgent([hit.rule.category for hit in dangers]), reasons
    learned = max(DANGER_CATEGORIES, key=lambda category: probabilities.get(category, 0.0))
    if guards:
        return ("possible", "possible", reasons) if danger_probability >= GUARDED_POSSIBLE_AT else ("none", "none", reasons)
    if danger_probability >= DANGER_AT:
        return "danger", learned, reasons
    if possibles or danger_probability + probabilities.get("possible", 0.0) >= POSSIBLE_AT:
        return "possible", "possible", reasons
    return "none", "none", reasons


def assess(text: str) -> Assessment:
    """The outcome for one message as a patient typed it."""
    probabilities = classifier.probabilities(text)
    hits = lexicon.find(text)
    outcome, category, reasons = decide(hits, probabilities)
    danger_probability = sum(probabilities.get(name, 0.0) for name in DANGER_CATEGORIES)
    guarded = any(hit.rule.group == "guard" for hit in hits)
    return Assessment(outcome, category, language_of(text), round(danger_probability, 3), tuple(reasons), guarded)
