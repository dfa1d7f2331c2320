"""The safety data files: the lexicon (`lexicon.yml`) and the labelled corpus (`corpus/*.csv`).

The corpus is split by file name: `train-*.csv` trains and tunes the classifier; `test.csv` is the
held-out test split, read only by the evaluation (`make evaluate-safety`), never for training.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Tuple

import yaml

SAFETY_DIR = Path(__file__).resolve().parent
LEXICON_FILE = SAFETY_DIR / "lexicon.yml"
CORPUS_DIR = SAFETY_DIR / "corpus"
TEST_FILE = CORPUS_DIR / "test.csv"

OUTCOMES = ("danger", "possible", "none")
DANGER_CATEGORIES = ("suicide", "self_harm", "harm_to_child", "overdose", "psychosis", "violence_at_home")
HARD_NEGATIVE_CATEGORIES = ("figurative", "topic", "third_person", "negation", "past", "near_miss")
CATEGORIES = {
    "danger": DANGER_CATEGORIES,
    "possible": ("possible",),
    "none": HARD_NEGATIVE_CATEGORIES + ("everyday",),
}
LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Example:
    """One labelled message of the corpus."""

    text: str
    language: str
    outcome: str
    category: str
    source: str


@lru_cache(maxsize=1)
def load_lexicon() -> Dict[str, Any]:
    return yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))


def _read(path: Path) -> Tuple[Example, ...]:
    examples = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            example = Example(row["text"].strip(), row["language"], row["outcome"], row["category"],
                              f"{path.name}:{line}")
            if example.language not in LANGUAGES or example.category not in CATEGORIES.get(example.outcome, ()):
                raise ValueError(f"{example.source}: bad language, outcome or category")
            examples.append(example)
    return tuple(examples)


@lru_cache(maxsize=1)
def training_examples() -> Tuple[Example, ...]:
    """Every `train-*.csv` row: what the classifier learns from and is tuned on."""
    return tuple(example for path in sorted(CORPUS_DIR.glob("train-*.csv")) for example in _read(path))


def test_examples() -> Tuple[Example, ...]:
    """The held-out test split: for the evaluation only."""
    return _read(TEST_FILE)
