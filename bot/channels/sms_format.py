"""Rasa's replies as SMS texts: plain, buttons as numbered choices, split at natural breaks.

One message may hold up to 1,600 characters, but it is billed by segments (bot/channels/sms_segments.py)
and long texts read badly on a phone. Texts are packed up to a budget of segments that each fills:
two GSM-7 segments (306 characters) or five UCS-2 ones (335): about 320 characters either way, with no
segment paid for a few characters (a 320-character GSM-7 text costs three).
"""

import re
from typing import Any, Dict, Iterable, List

from bot.catalog import DEFAULT_LANGUAGE, say
from bot.channels.sms_segments import GSM_7, UCS_2, capacity, measure

SEGMENTS_PER_TEXT = {GSM_7: 2, UCS_2: 5}

# Where a text may be cut, best first: paragraphs, lines, sentences, words.
_BREAKS = (
    (re.compile(r"\n\s*\n"), "\n\n"),
    (re.compile(r"\n"), "\n"),
    (re.compile(r"(?<=[.!?])\s+"), " "),
    (re.compile(r"\s+"), " "),
)
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\((\S+?)\)")
_EMPHASIS = re.compile(r"(\*\*|__|`)(.+?)\1")
_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
# Punctuation outside the GSM-7 alphabet with a plain look-alike in it: one such character (a " · "
# between a match's reasons, a curly apostrophe in a service's name) would send a whole text as UCS-2,
# at 70 instead of 160 characters per segment. Letters are never changed.
_GSM_LOOKALIKES = str.maketrans(
    {"·": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " "}
)


def sms_texts(messages: Iterable[Dict[str, Any]], language: str = DEFAULT_LANGUAGE) -> List[str]:
    """All of one turn's replies, in order, packed into texts (see `split`); buttons become numbered
    choices worded in `language`."""
    body = "\n\n".join(filter(None, (_message_text(message, language) for message in messages)))
    return split(body) if body else []


def choices(buttons: Iterable[Dict[str, str]], language: str = DEFAULT_LANGUAGE) -> str:
    return "\n".join(
        say("sms.choice", language, number=number, title=button["title"]).text
        for number, button in enumerate(buttons, start=1)
    )


def plain(text: str) -> str:
    """Markdown a phone would show literally, as plain text, with GSM-7 look-alike punctuation."""
    text = _MARKDOWN_LINK.sub(r"\1 (\2)", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _HEADING.sub("", text).strip().translate(_GSM_LOOKALIKES)


def fits(text: str) -> bool:
    """Within one text's budget of segments, for its encoding."""
    kind, units = measure(text)
    return units <= capacity(kind, SEGMENTS_PER_TEXT[kind])


def split(text: str) -> List[str]:
    """`text` in texts that each fit the budget, cut at the best break available."""
    return _pack(text.strip(), 0)


def _message_text(message: Dict[str, Any], language: str) -> str:
    parts = [plain(message.get("text") or ""), choices(message.get("buttons") or [], language)]
    return "\n".join(part for part in parts if part)


def _pack(text: str, level: int) -> List[str]:
    if fits(text):
        return [text]
    if level == len(_BREAKS):
        return _cut(text)
    pattern, joiner = _BREAKS[level]
    chunks: List[str] = []
    for piece in filter(None, (piece.strip() for piece in pattern.split(text))):
        for chunk in _pack(piece, level + 1):
            if chunks and fits(chunks[-1] + joiner + chunk):
                chunks[-1] += joiner + chunk
            else:
                chunks.append(chunk)
    return chunks


def _cut(text: str) -> List[str]:
    """A text without any break (a long web address): cut where the budget ends."""
    pieces: List[str] = []
    while text:
        kind, _ = measure(text)
        end = min(len(text), capacity(kind, SEGMENTS_PER_TEXT[kind]))
        while not fits(text[:end]):  # extension characters count twice
            end -= 1
        pieces.append(text[:end])
        text = text[end:]
    return pieces
