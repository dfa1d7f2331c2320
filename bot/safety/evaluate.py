"""Evaluate the danger detector on the held-out test split (bot/safety/corpus/test-*.csv).

    PYTHONPATH=. .venv/bin/python -m bot.safety.evaluate [--write docs/safety-evaluation.md]

Prints a Markdown report (and writes it with --write): corpus sizes; danger recall per language and
per danger category (caught = outcome `danger`; how many got at least `possible` is shown too); the
share of possible rows that got possible or danger; false alarms on none rows (outcome `danger`) and
gentle questions (outcome `possible`) per language and per category; then every error, one table per
kind. assess() runs exactly as the bot runs it, with the thresholds in force. The exit code is
always 0: this is a report, not a test (tests/safety holds the tests).
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from bot.safety import assess, detector
from bot.safety.data import (
    CATEGORIES,
    DANGER_CATEGORIES,
    HARD_NEGATIVE_CATEGORIES,
    LANGUAGES,
    Example,
    load_lexicon,
    test_examples,
    training_examples,
    written_training_examples,
)
from bot.safety.metrics import AT_LEAST_POSSIBLE, DANGER_ONLY, POSSIBLE_ONLY, Rate, Result, rate

ALL = "all"
# Kinds of error: title -> which results are of that kind.
ERROR_KINDS: Dict[str, Callable[[Result], bool]] = {
    "Danger missed: got none": lambda r: r.example.outcome == "danger" and r.outcome == "none",
    "Danger missed: got only the gentle question (possible)": lambda r: r.example.outcome == "danger"
    and r.outcome == "possible",
    "Danger caught under another category": lambda r: r.example.outcome == r.outcome == "danger"
    and r.example.category != r.category,
    "Possible missed: got none": lambda r: r.example.outcome == "possible" and r.outcome == "none",
    "False alarms: none rows that got danger": lambda r: r.example.outcome == "none" and r.outcome == "danger",
    "Gentle questions: none rows that got possible": lambda r: r.example.outcome == "none" and r.outcome == "possible",
}


def evaluate(examples: Iterable[Example]) -> List[Result]:
    """assess() on every example."""
    results = []
    for example in examples:
        assessment = assess(example.text)
        results.append(Result(example, assessment.outcome, assessment.category, assessment.reasons))
    return results


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> List[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_cell(str(value)) for value in row) + " |" for row in rows]
    return lines + [""]


def _language(language: str) -> Optional[str]:
    return None if language == ALL else language


def _count(examples: Sequence[Example], language: str) -> int:
    return sum(_language(language) in (None, example.language) for example in examples)


def _leaked(train: Sequence[Example], test: Sequence[Example]) -> Rate:
    """Test rows whose text (lower-cased, stripped) is also in the training files."""
    trained = {example.text.strip().lower() for example in train}
    return Rate(sum(example.text.strip().lower() in trained for example in test), len(test))


def corpus_section(train: Sequence[Example], test: Sequence[Example]) -> List[str]:
    languages = (*LANGUAGES, ALL)
    written = written_training_examples()
    nlu = [example for example in train if example not in set(written)]
    rows = [
        (name, *(_count(split, language) for language in languages))
        for name, split in (
            ("train: corpus files", written),
            ("train: the NLU's everyday examples", nlu),
            ("test", test),
            ("all", (*train, *test)),
        )
    ]
    corpus = (*written, *test)
    hard = Rate(sum(example.category in HARD_NEGATIVE_CATEGORIES for example in corpus), len(corpus))
    return (
        ["## Corpus", ""]
        + table(("split", *languages), rows)
        + [
            f"Hard negatives (none rows of {', '.join(HARD_NEGATIVE_CATEGORIES)}) in the corpus files: "
            f"{hard}. Test rows whose text is also in the training data: {_leaked(train, test)}.",
            "",
        ]
    )


def _per_language(
    results: Sequence[Result], outcome: str, counted: Sequence[frozenset], category: Optional[str]
) -> List[str]:
    return [
        str(rate(results, outcome, measure, _language(language), category))
        for language in (*LANGUAGES, ALL)
        for measure in counted
    ]


def _category_table(
    results: Sequence[Result], outcome: str, counted: Sequence[Tuple[str, frozenset]], categories: Sequence[str]
) -> List[str]:
    header = ["category"] + [f"{language}: {name}" for language in (*LANGUAGES, ALL) for name, _ in counted]
    measures = [measure for _, measure in counted]
    rows = [[category, *_per_language(results, outcome, measures, category)] for category in categories]
    if len(categories) > 1:
        rows.append([f"**{ALL}**", *_per_language(results, outcome, measures, None)])
    return table(header, rows)


def recall_section(results: Sequence[Result]) -> List[str]:
    danger = _category_table(
        results, "danger", (("danger", DANGER_ONLY), ("at least possible", AT_LEAST_POSSIBLE)), DANGER_CATEGORIES
    )
    possible = _category_table(results, "possible", (("possible or danger", AT_LEAST_POSSIBLE),), ("possible",))
    return (
        ["## Danger rows: recall", "", "Caught = outcome `danger` (crisis help at once).", ""]
        + danger
        + ["## Possible rows", ""]
        + possible
    )


def false_alarm_section(results: Sequence[Result]) -> List[str]:
    counted = (("false alarms (danger)", DANGER_ONLY), ("gentle questions (possible)", POSSIBLE_ONLY))
    return ["## None rows: false alarms", ""] + _category_table(results, "none", counted, CATEGORIES["none"])


def _error_row(result: Result) -> Tuple[str, ...]:
    example = result.example
    return (
        example.text,
        example.language,
        f"{example.outcome}/{example.category}",
        f"{result.outcome}/{result.category}",
        "<br>".join(result.reasons),
    )


def errors_section(results: Sequence[Result]) -> List[str]:
    lines = ["## Every error", ""]
    for title, is_kind in ERROR_KINDS.items():
        errors = [result for result in results if is_kind(result)]
        lines += [f"### {title} ({len(errors)})", ""]
        lines += (
            table(("text", "language", "expected", "got", "reasons"), map(_error_row, errors))
            if errors
            else ["None.", ""]
        )
    return lines


def report(results: Sequence[Result], train: Sequence[Example], test: Sequence[Example]) -> str:
    """The whole evaluation as Markdown."""
    heading = [
        "# Danger detector: evaluation on the held-out test split",
        "",
        f"Measured {datetime.date.today().isoformat()} on `bot/safety/corpus/test-*.csv` ({len(test)} messages), "
        f"lexicon reviewed {load_lexicon().get('reviewed')}. Thresholds in force: "
        + "; ".join(f"{language}: {thresholds}" for language, thresholds in detector.THRESHOLDS.items())
        + ".",
        "Reproduce with `PYTHONPATH=. .venv/bin/python -m bot.safety.evaluate --write docs/safety-evaluation.md`.",
        "",
    ]
    sections = (
        corpus_section(train, test),
        recall_section(results),
        false_alarm_section(results),
        errors_section(results),
    )
    return "\n".join(heading + [line for section in sections for line in section])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", metavar="PATH", type=Path, help="also write the report to this Markdown file")
    args = parser.parse_args()
    train, test = training_examples(), test_examples()
    text = report(evaluate(test), train, test)
    print(text)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(text, encoding="utf-8")
        print(f"\n(written to {args.write})")


if __name__ == "__main__":
    main()
