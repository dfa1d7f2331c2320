"""Memory of the Rasa server and the action server as conversations pile up.

    .venv/bin/python bench/memory.py [--conversations 10000] [--patients 20] [--every 1000]

Starts Care Finder as the end-to-end tests do (tests/servers.py: SQLite tracker store, the embedded
directory), then has `--patients` simulated patients replay the whole conversations of
bench/scenarios.yml, each under a new sender id, until `--conversations` have been held. Prints the
resident memory of both servers before the first one and after every `--every` conversations, and
the errors seen. Growth that does not level off means something keeps per-conversation state.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys
import time
from pathlib import Path
from typing import Iterator, List, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import processes  # noqa: E402
from bench.load import (  # noqa: E402
    REST_PATH,
    Step,
    Tally,
    client_session,
    load_scenarios,
    replay,
    warm_up,
    with_care_finder,
)


def report(held: int, pids: Sequence[int], tally: Tally, started: float) -> None:
    actions, rasa = (processes.memory([pid]) for pid in pids)
    together = actions + rasa
    print(
        f"{held:>6} conversations, {len(tally.latencies_ms):>6} messages, {time.monotonic() - started:6.0f} s: "
        f"resident action server {actions.resident_mb:.0f} MB, Rasa {rasa.resident_mb:.0f} MB, "
        f"together {together.resident_mb:.0f} MB (proportional {together.proportional_mb:.0f} MB); "
        f"errors {tally.errors}",
        flush=True,
    )


async def hold(base_url: str, pids: Sequence[int], args: argparse.Namespace) -> Tally:
    scenarios = load_scenarios()
    tally = Tally()
    started = time.monotonic()
    report(0, pids, tally, started)
    async with client_session(args.patients) as session:
        for held in range(args.every, args.conversations + 1, args.every):
            batch: Iterator[List[Step]] = itertools.islice(itertools.cycle(scenarios), args.every)
            await asyncio.gather(
                *(replay(session, base_url + REST_PATH, batch, float("inf"), tally, True) for _ in range(args.patients))
            )
            report(held, pids, tally, started)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--patients", type=int, default=20)
    parser.add_argument("--every", type=int, default=1000, help="report memory after this many conversations")
    args = parser.parse_args()

    def run(base_url: str, pids: Sequence[int]) -> Tally:
        warm_up(base_url, load_scenarios())
        return asyncio.run(hold(base_url, pids, args))

    tally = with_care_finder(run)
    for example in tally.unexpected_examples:
        print(f"    wrong answer: {example}")


if __name__ == "__main__":
    main()
