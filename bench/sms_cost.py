"""What Care Finder's conversations cost over SMS: texts and billed segments, English and Spanish.

    .venv/bin/python bench/sms_cost.py

Starts Care Finder with its SMS channel on (tests/servers.py; signatures made with Twilio's own
RequestValidator, as Twilio makes them), replays each conversation of bench/scenarios.yml from a
new phone number, and counts the texts the webhook answers with and their segments
(bot/channels/sms_segments.py: GSM-7 or UCS-2). Prints one line per conversation and the means per
language.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import tempfile
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import read_scenarios  # noqa: E402
from bot.channels.sms_segments import UCS_2, encoding, segments  # noqa: E402
from tests.servers import start_bot  # noqa: E402

AUTH_TOKEN = "bench-auth-token"
WEBHOOK = "/webhooks/twilio/webhook"
_message_ids = itertools.count(1)


@dataclass
class Cost:
    turns: int = 0
    texts: int = 0
    segments: int = 0
    ucs2_texts: int = 0


def text_the_bot(url: str, phone: str, body: str) -> List[str]:
    """One SMS from `phone`, signed as Twilio signs it: the texts of the webhook's answer."""
    params = {"MessageSid": f"SM{next(_message_ids):032d}", "From": phone, "To": "+15005550006", "Body": body}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, params)
    request = urllib.request.Request(
        url,
        urllib.parse.urlencode(params).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return [message.text or "" for message in ElementTree.fromstring(answer.read()).iter("Message")]


def main() -> None:
    by_language: Dict[str, List[Cost]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as workdir:
        settings = {"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "CARE_FINDER_ID_SECRET": "bench-id-secret"}
        bot = start_bot(Path(workdir), settings=settings)
        try:
            url = bot.rasa_url + WEBHOOK
            print(f"{'conversation':72} {'lang':>4} {'turns':>5} {'texts':>5} {'segments':>8} {'UCS-2':>5}")
            for number, scenario in enumerate(read_scenarios()):
                cost = Cost()
                for step in scenario.steps:
                    texts = text_the_bot(url, f"+1310555{number:04d}", step.say)
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
