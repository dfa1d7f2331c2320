"""A patient's answer to the gentle question: "yes", "no", or None for anything else."""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, Optional

from bot.safety.data import load_lexicon
from bot.safety.normalize import normalize


@lru_cache(maxsize=1)
def _answers() -> Dict[str, str]:
    return {normalize(str(said)): answer for answer, phrases in load_lexicon()["answers"].items() for said in phrases}


def answer_to_check(text: str) -> Optional[str]:
    return _answers().get(normalize(text))
