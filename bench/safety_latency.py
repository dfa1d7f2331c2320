"""Danger detector latency: time of one assess() call per message, and of the first call.

    PYTHONPATH=. .venv/bin/python bench/safety_latency.py [--long 300] [--length 1000]

The first call loads the dictionaries and trains the classifier (its time is printed on its own);
the timed calls follow it: every message of the held-out test split, as patients type them, then
`--long` synthetic long messages (corpus texts picked at random and joined until about `--length`
characters, the most the NLU passes on; see bot/textclean.py). Prints p50 / p95 / p99 / max in ms.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from statistics import quantiles
from typing import Callable, Dict, List, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.safety import assess  # noqa: E402
from bot.safety.data import test_examples, training_examples  # noqa: E402

SEED = 0


def long_messages(texts: Sequence[str], count: int, length: int, seed: int = SEED) -> List[str]:
    """`count` messages made of random corpus texts joined until `length` characters, then cut there."""
    generator = random.Random(seed)
    messages = []
    for _ in range(count):
        parts: List[str] = []
        while sum(len(part) + 1 for part in parts) < length:
            parts.append(generator.choice(texts))
        messages.append(" ".join(parts)[:length])
    return messages


def timed_ms(function: Callable[[str], object], message: str) -> float:
    started = time.perf_counter()
    function(message)
    return (time.perf_counter() - started) * 1000


def summary(name: str, timings: Sequence[float]) -> str:
    cuts = quantiles(timings, n=100, method="inclusive")
    return f"{name:32} {len(timings):>6} {cuts[49]:8.2f} {cuts[94]:8.2f} {cuts[98]:8.2f} {max(timings):8.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=int, default=300, help="how many synthetic long messages")
    parser.add_argument("--length", type=int, default=1000, help="characters per long message")
    args = parser.parse_args()
    short = [example.text for example in test_examples()]
    corpus = [example.text for example in (*training_examples(), *test_examples())]
    groups: Dict[str, List[str]] = {
        "test split messages": short,
        f"long messages (~{args.length} chars)": long_messages(corpus, args.long, args.length),
    }
    first_call = timed_ms(assess, "warm-up: loads the dictionaries and trains the classifier")
    timings = {name: [timed_ms(assess, message) for message in messages] for name, messages in groups.items()}
    print(f"first call (loading and training): {first_call / 1000:.1f} s")
    print(f"{'messages':32} {'count':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}  (ms per assess() call)")
    for name, values in timings.items():
        print(summary(name, values))
    print(summary("ALL", [value for values in timings.values() for value in values]))


if __name__ == "__main__":
    main()
