"""Intent accuracy per language on the held-out test split (tests/nlu/heldout/), never used for training.

    .venv/bin/python scripts/evaluate_nlu_heldout.py [--model models/care-finder.tar.gz]

Parses every held-out example with the trained model (the whole NLU pipeline, overrides included)
and prints, per language, the intent accuracy, each intent's recall and the misses, then how often the
language detector (bot/nlu/language.py) names the example's language, keeps the current one (None),
or names the wrong one. Results go in docs/nlu-evaluation.md.
"""

import argparse
import asyncio
import logging
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

import yaml
from rasa.core.agent import Agent
from rasa.utils.log_utils import configure_structlog

from bot.nlu.language import detect

HELDOUT = Path(__file__).resolve().parents[1] / "tests" / "nlu" / "heldout"
LANGUAGES = ("en", "es")


def heldout_examples(lang: str) -> List[Tuple[str, str]]:
    """(text, intent) pairs of the held-out split of one language."""
    data = yaml.safe_load((HELDOUT / f"{lang}.yml").read_text(encoding="utf-8"))
    return [
        (line.strip()[2:].strip(), block["intent"])
        for block in data["nlu"]
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]


async def _predictions(agent: Agent, examples: List[Tuple[str, str]]) -> List[str]:
    return [(await agent.parse_message(text))["intent"]["name"] for text, _ in examples]


def _report(lang: str, examples: List[Tuple[str, str]], predicted: List[str], seconds: float) -> None:
    right = sum(1 for (_, intent), guess in zip(examples, predicted) if intent == guess)
    print(f"\n## {lang}: {right}/{len(examples)} = {right / len(examples):.3f} intent accuracy")
    print(f"({seconds * 1000 / len(examples):.1f} ms per message)\n")
    totals: Dict[str, Counter] = defaultdict(Counter)
    for (_, intent), guess in zip(examples, predicted):
        totals[intent]["all"] += 1
        totals[intent]["right"] += intent == guess
    print("| intent | recall |\n| --- | --- |")
    for intent, counts in sorted(totals.items()):
        print(f"| {intent} | {counts['right']}/{counts['all']} |")
    misses = [(text, intent, guess) for (text, intent), guess in zip(examples, predicted) if intent != guess]
    if misses:
        print("\nMisses: " + "; ".join(f'"{text}" ({intent} → {guess})' for text, intent, guess in misses))
    detected = Counter(str(detect(text).language) for text, _ in examples)
    print(f"\nLanguage detected: {dict(detected)} (None keeps the conversation's language)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/care-finder.tar.gz")
    args = parser.parse_args()
    configure_structlog(logging.WARNING)  # not every parse in the output
    agent = Agent.load(args.model)
    for lang in LANGUAGES:
        examples = heldout_examples(lang)
        started = time.perf_counter()
        predicted = asyncio.run(_predictions(agent, examples))
        _report(lang, examples, predicted, time.perf_counter() - started)


if __name__ == "__main__":
    main()
