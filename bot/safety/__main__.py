"""What the danger detector concludes about messages, and why.

    PYTHONPATH=. .venv/bin/python -m bot.safety "message" ["message" ...]
    printf 'one message a line\\n' | PYTHONPATH=. .venv/bin/python -m bot.safety

With no argument, each non-blank line of standard input is a message.
"""

from __future__ import annotations

import sys
from typing import Iterable, Iterator, List, Sequence

from bot.safety import Assessment, assess


def describe(message: str, assessment: Assessment) -> List[str]:
    """The lines printed for one message."""
    return [
        f"message: {message}",
        f"outcome: {assessment.outcome}",
        f"category: {assessment.category}",
        f"language: {assessment.language}",
        f"danger probability: {assessment.danger_probability:.3f}",
        "reasons:",
        *(f"  {reason}" for reason in assessment.reasons),
    ]


def messages(arguments: Sequence[str], lines: Iterable[str]) -> Iterator[str]:
    """The arguments, or else the non-blank lines read."""
    if arguments:
        yield from arguments
        return
    for line in lines:
        if line.strip():
            yield line.rstrip("\r\n")


def main(arguments: Sequence[str]) -> int:
    for number, message in enumerate(messages(arguments, sys.stdin)):
        print(("\n" if number else "") + "\n".join(describe(message, assess(message))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
