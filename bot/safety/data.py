"""The safety data files: the lexicon (`lexicon.yml`) and the labelled corpus (`corpus/*.csv`).

The corpus is split by file name: `train-*.csv` trains and tunes the classifier; `test-*.csv` is the
held-out test split, read only by the evaluation (`make evaluate-safety`), never for training.
The bot's own NLU examples (data/nlu/, every intent but `crisis`) are everyday messages too: they
train the classifier as `none` / `everyday`, so "help", "stop" or "my baby is sleeping" are known
to be ordinary.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Tuple

import yaml

SAFETY_DIR = Path(__file__).resolve().parent
LEXICON_FILE = SAFETY_DIR / "lexicon.yml"
CORPUS_DIR = SAFETY_DIR / "corpus"
TEST_PATTERN = "test-*.csv"
NLU_DIR = SAFETY_DIR.parents[1] / "data" / "nlu"
# Intents whose examples are not everyday messages.
NOT_EVERYDAY_INTENTS = frozenset({"crisis"})
_ENTITY_MARKUP = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")

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
            example = Example(
                row["text"].strip(), row["language"], row["outcome"], row["category"], f"{path.name}:{line}"
            )
            if example.language not in LANGUAGES or example.category not in CATEGORIES.get(example.outcome, ()):
                raise ValueError(f"{example.source}: bad language, outcome or category")
            examples.append(example)
    return tuple(examples)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def nlu_everyday_examples(written: Tuple[Example, ...] = ()) -> Tuple[Example, ...]:
    """The bot's NLU training examples, entity markup removed, as everyday messages; none that is
    already a message of the written corpus (`written`, the test split included, so it stays unseen)."""
    from bot.safety.language import language_of  # the language model reads the lexicon: import late

    seen = {_key(example.text) for example in written}
    examples = []
    for path in sorted(NLU_DIR.rglob("*.yml")):  # data/nlu/es/ too: Spanish everyday messages
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" not in entry or entry["intent"] in NOT_EVERYDAY_INTENTS:
                continue
            for line in str(entry.get("examples") or "").splitlines():
                text = _ENTITY_MARKUP.sub(r"\1", line.strip()[2:].strip()) if line.strip().startswith("- ") else ""
                if text and _key(text) not in seen:
                    seen.add(_key(text))
                    examples.append(
                        Example(text, language_of(text), "none", "everyday", f"{path.name} ({entry['intent']})")
                    )
    return tuple(examples)


@lru_cache(maxsize=1)
def written_training_examples() -> Tuple[Example, ...]:
    """Every row of the `train-*.csv` files."""
    return tuple(example for path in sorted(CORPUS_DIR.glob("train-*.csv")) for example in _read(path))


@lru_cache(maxsize=1)
def training_examples() -> Tuple[Example, ...]:
    """Every `train-*.csv` row and the NLU's everyday examples: what the classifier learns from and
    is tuned on."""
    written = written_training_examples()
    return written + nlu_everyday_examples(written + test_examples())


def test_examples() -> Tuple[Example, ...]:
    """The held-out test split: for the evaluation only."""
    return tuple(example for path in sorted(CORPUS_DIR.glob(TEST_PATTERN)) for example in _read(path))
