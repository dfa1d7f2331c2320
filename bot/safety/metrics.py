"""The figures the tuning (bot/safety/tuning.py) and the evaluation (bot/safety/evaluate.py) share.

A `Result` is one labelled example with what the detector concluded; a `Rate` counts, among the
results of one expected outcome (optionally one language, one category), those whose outcome is in
a given set: "danger recall" counts danger rows that got `danger`, "false alarms" none rows that got
`danger`, and so on (see MEASURES).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, Optional, Sequence, Tuple

from bot.safety.data import Example

DANGER_ONLY = frozenset({"danger"})
POSSIBLE_ONLY = frozenset({"possible"})
AT_LEAST_POSSIBLE = frozenset({"danger", "possible"})

# Name -> (expected outcome of the rows counted, outcomes that count as a hit).
MEASURES: Dict[str, Tuple[str, FrozenSet[str]]] = {
    "danger recall": ("danger", DANGER_ONLY),
    "danger: at least the gentle question": ("danger", AT_LEAST_POSSIBLE),
    "possible recall": ("possible", AT_LEAST_POSSIBLE),
    "false alarms": ("none", DANGER_ONLY),
    "gentle questions": ("none", POSSIBLE_ONLY),
}


@dataclass(frozen=True)
class Result:
    """One labelled example and what the detector concluded about it."""

    example: Example
    outcome: str
    category: str
    reasons: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Rate:
    """`hits` out of `total` rows."""

    hits: int
    total: int

    @property
    def share(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.hits}/{self.total} ({self.share:.1%})" if self.total else "–"


def rate(
    results: Iterable[Result],
    outcome: str,
    counted: FrozenSet[str],
    language: Optional[str] = None,
    category: Optional[str] = None,
) -> Rate:
    """Among the rows labelled `outcome` (and `language`, `category` if given), those that got `counted`."""
    chosen = [
        result
        for result in results
        if result.example.outcome == outcome
        and language in (None, result.example.language)
        and category in (None, result.example.category)
    ]
    return Rate(sum(result.outcome in counted for result in chosen), len(chosen))


def measure(results: Sequence[Result], name: str, language: Optional[str] = None) -> Rate:
    """One of MEASURES, over every row or one language's."""
    outcome, counted = MEASURES[name]
    return rate(results, outcome, counted, language)
