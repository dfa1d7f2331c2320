"""Per-turn latency over REST, with the action server, one message at a time.

Starts the real servers (as the end-to-end tests do), holds N whole conversations and prints
median / p95 / max per turn and overall. Target (issue #2): overall median <= 50 ms.
Usage: .venv/bin/python bench/turn_latency.py [--conversations 40]
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import processes  # noqa: E402
from tests.servers import start_bot  # noqa: E402

CONVERSATION = [
    "Hi",
    "Kaiser canceled my postpartum group last week",
    "91367",
    "more",
    '/refine{"preference": "free"}',
    "what are my rights",
    "how do I complain",
    "nothing yet",
    "I can't go on",
    "thanks",
]


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        bot = start_bot(Path(workdir))
        try:
            bot.chat("warm-up", "Hi")
            timings: Dict[str, List[float]] = defaultdict(list)
            for number in range(args.conversations):
                for message in CONVERSATION:
                    started = time.perf_counter()
                    replies = bot.chat(f"bench-{number}", message)
                    timings[message].append((time.perf_counter() - started) * 1000)
                    assert replies, message
            memory = [processes.memory([process.pid]).resident_mb for process in bot.processes]
        finally:
            bot.stop()
    everything = [ms for values in timings.values() for ms in values]
    print(f"{args.conversations} conversations, {len(everything)} turns, sequential, REST + actions")
    print(f"{'turn':50} {'median':>8} {'p95':>8} {'max':>8}  (ms)")
    for message, values in timings.items():
        print(f"{message[:50]:50} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f} {max(values):8.1f}")
    print(
        f"{'ALL TURNS':50} {statistics.median(everything):8.1f} "
        f"{percentile(everything, 0.95):8.1f} {max(everything):8.1f}"
    )
    print(f"resident memory after the run: action server {memory[0]:.0f} MB, Rasa server {memory[1]:.0f} MB")


if __name__ == "__main__":
    main()
