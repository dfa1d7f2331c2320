"""Normalise → lexicon → classifier → one of three outcomes, with the reasons.

- A danger phrase is `danger` unless a guard in the same message may cancel its category (figurative
  speech, a topic, the past or recovery, negation, an everyday use), or the classifier, trained on
  such hard negatives, finds the message harmless: its danger plus possible danger is under
  `Thresholds.phrased` (a phrase used in a way no guard foresaw: "a novel about suicide").
- When a guard matched, the classifier decides (`guarded_danger`, `guarded_possible`).
- Otherwise the classifier decides: `danger` or `possible` from its thresholds, or `possible` when a
  possible-danger phrase matched.
The thresholds, one set per language, are chosen by cross-validation on the training files only
(bot/safety/tuning.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Mapping, Tuple

from bot.safety import classifier, lexicon
from bot.safety.answers import answer_to_check
from bot.safety.data import DANGER_CATEGORIES
from bot.safety.language import language_of


@dataclass(frozen=True)
class Thresholds:
    """The classifier's probability of danger from which each outcome is given."""

    phrased: float = 0.2  # a danger phrase counts from this danger plus possible danger
    danger: float = 0.5  # no lexicon phrase decided
    possible: float = 0.5  # danger plus possible danger
    guarded_danger: float = 0.5  # a guard matched: the classifier, trained on hard negatives, decides
    guarded_possible: float = 0.4


# Chosen with `python -m bot.safety.tuning` (cross-validation on the training files; docs/safety.md).
THRESHOLDS: Mapping[str, Thresholds] = {
    "en": Thresholds(phrased=0.5, danger=0.6, possible=0.3, guarded_danger=0.5, guarded_possible=0.4),
    "es": Thresholds(phrased=0.5, danger=0.55, possible=0.4, guarded_danger=0.6, guarded_possible=0.3),
}
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


@dataclass(frozen=True)
class Signals:
    """What the lexicon and the classifier found in one message, before any threshold."""

    definite: Tuple[str, ...]  # categories of danger phrases no guard of the message may cancel
    phrased: Tuple[str, ...]  # categories of every danger phrase
    guarded: bool  # a guard matched
    possible_phrase: bool  # a possible-danger phrase matched
    danger: float  # the classifier's probability of danger
    possible: float  # …and of possible danger
    learned: str  # the danger category the classifier finds likeliest


def _most_urgent(categories: Tuple[str, ...]) -> str:
    return sorted(
        categories, key=lambda category: (category not in EMERGENCY_CATEGORIES, DANGER_CATEGORIES.index(category))
    )[0]


def danger_of(probabilities: Dict[str, float]) -> float:
    """The classifier's probability of danger: its danger categories together."""
    return sum(probabilities.get(category, 0.0) for category in DANGER_CATEGORIES)


def signals_of(hits: List[lexicon.Hit], probabilities: Dict[str, float]) -> Signals:
    guards = [hit for hit in hits if hit.rule.group == "guard"]
    dangers = [hit for hit in hits if hit.rule.group == "danger"]
    definite = tuple(  # a past marker cannot cancel violence: each guard says what it may cancel
        hit.rule.category
        for hit in dangers
        if hit.rule.unguarded or not any(hit.rule.category in guard.rule.cancels for guard in guards)
    )
    return Signals(
        definite=definite,
        phrased=tuple(hit.rule.category for hit in dangers),
        guarded=bool(guards),
        possible_phrase=any(hit.rule.group == "possible" for hit in hits),
        danger=danger_of(probabilities),
        possible=probabilities.get("possible", 0.0),
        learned=max(DANGER_CATEGORIES, key=lambda category: probabilities.get(category, 0.0)),
    )


def outcome_of(signals: Signals, thresholds: Thresholds) -> Tuple[str, str]:
    """Outcome and category from the signals of a message and its language's thresholds."""
    if signals.definite and signals.danger + signals.possible >= thresholds.phrased:
        return "danger", _most_urgent(signals.definite)
    if signals.guarded:
        if signals.danger >= thresholds.guarded_danger:
            return "danger", _most_urgent(signals.phrased) if signals.phrased else signals.learned
        if signals.danger + signals.possible >= thresholds.guarded_possible:  # a guard cancels danger, not despair
            return "possible", "possible"
        return "none", "none"
    if signals.danger >= thresholds.danger:
        return "danger", signals.learned
    if signals.possible_phrase or signals.danger + signals.possible >= thresholds.possible:
        return "possible", "possible"
    return "none", "none"


def _reasons(hits: List[lexicon.Hit], signals: Signals) -> Tuple[str, ...]:
    phrases = [f'{hit.rule.group} {hit.rule.id} ({hit.rule.category}): "{hit.phrase}"' for hit in hits]
    return (*phrases, f"classifier: danger {signals.danger:.2f}, possible {signals.possible:.2f}")


def prepare() -> None:
    """Train the classifier and compile the lexicon now, so the first message is as fast as the next."""
    classifier.trained()
    lexicon.find("")


def assess(text: str) -> Assessment:
    """The outcome for one message as a patient typed it. A bare "no" (lexicon `answers:`) answers
    the bot's question and is never a signal: "no" alone leans towards possible danger in the
    corpus ("no one cares", "no puedo mas")."""
    if answer_to_check(text) == "no":
        return Assessment("none", "none", language_of(text), 0.0, ('a "no" answer',))
    hits = lexicon.find(text)
    signals = signals_of(hits, classifier.probabilities(text))
    language = language_of(text)
    outcome, category = outcome_of(signals, THRESHOLDS[language])
    return Assessment(outcome, category, language, round(signals.danger, 3), _reasons(hits, signals), signals.guarded)
