"""What Care Finder's conversations cost over SMS: texts and billed segments, English and Spanish.

    .venv/bin/python bench/sms_cost.py

Starts Care Finder with its SMS channel on (tests/servers.py), replays each conversation of
bench/scenarios.yml from a new phone number (the tests' fake phone, which signs as Twilio does with
Twilio's own RequestValidator), and counts the texts the webhook answers with and their segments
(bot/channels/sms_segments.py: GSM-7 or UCS-2). Prints one line per conversation and the means per
language.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import read_scenarios  # noqa: E402
from bot.channels.sms_segments import UCS_2, encoding, segments  # noqa: E402
from tests.channels.conftest import AUTH_TOKEN, ID_SECRET, Phone  # noqa: E402
from tests.servers import start_bot  # noqa: E402


@dataclass
class Cost:
    turns: int = 0
    texts: int = 0
    segments: int = 0
    ucs2_texts: int = 0


def main() -> None:
    by_language: Dict[str, List[Cost]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as workdir:
        settings = {"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "CARE_FINDER_ID_SECRET": ID_SECRET}
        bot = start_bot(Path(workdir), settings=settings)
        try:
            print(f"{'conversation':72} {'lang':>4} {'turns':>5} {'texts':>5} {'segments':>8} {'UCS-2':>5}")
            for number, scenario in enumerate(read_scenarios()):
                cost = Cost()
                for step in scenario.steps:
                    texts = Phone(bot, f"+1310555{number:04d}").text(step.say).texts
                    cost.turns += 1
                    cost.texts += len(texts)
                    cost.segments += sum(segments(text) for text in texts)
                    cost.ucs2_texts += sum(encoding(text) == UCS_2 for text in texts)
                by_language[scenario.language].append(cost)
                print(
                    f"{scenario.name[:72]:72} {scenario.language:>4} {cost.turns:5} {cost.texts:5} "
                    f"{cost.segments:8} {cost.ucs2_texts:5}"
                )
        finally:
            bot.stop()
    for language, costs in sorted(by_language.items()):
        per_turn = sum(cost.segments for cost in costs) / sum(cost.turns for cost in costs)
        ucs2 = sum(cost.ucs2_texts for cost in costs) / max(1, sum(cost.texts for cost in costs))
        print(
            f"{language}: {len(costs)} conversations, mean {statistics.mean(c.segments for c in costs):.1f} segments "
            f"and {statistics.mean(c.texts for c in costs):.1f} texts per conversation, {per_turn:.2f} segments "
            f"per turn, {ucs2:.0%} of texts in UCS-2"
        )


if __name__ == "__main__":
    main()
