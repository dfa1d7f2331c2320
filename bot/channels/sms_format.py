"""Rasa's replies as SMS texts: plain, buttons as numbered choices, split at natural breaks.

One message may hold up to 1,600 characters, but each 153 characters is a
billed segment and long texts read badly on a phone: texts are packed up to PREFERRED.
"""

import re
from typing import Any, Dict, Iterable, List

from bot.catalog import DEFAULT_LANGUAGE, say

PREFERRED = 320

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


def sms_texts(messages: Iterable[Dict[str, Any]], language: str = DEFAULT_LANGUAGE, size: int = PREFERRED) -> List[str]:
    """All of one turn's replies, in order, as texts of at most `size` characters; buttons become
    numbered choices worded in `language`."""
    body = "\n\n".join(filter(None, (_message_text(message, language) for message in messages)))
    return split(body, size) if body else []


def choices(buttons: Iterable[Dict[str, str]], language: str = DEFAULT_LANGUAGE) -> str:
    return "\n".join(
        say("sms.choice", language, number=number, title=button["title"]).text
        for number, button in enumerate(buttons, start=1)
    )


def plain(text: str) -> str:
    """Markdown a phone would show literally, as plain text."""
    text = _MARKDOWN_LINK.sub(r"\1 (\2)", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _HEADING.sub("", text).strip()


def split(text: str, size: int = PREFERRED) -> List[str]:
    """`text` in pieces of at most `size` characters, cut at the best break available."""
    return _pack(text.strip(), size, 0)


def _message_text(message: Dict[str, Any], language: str) -> str:
    parts = [plain(message.get("text") or ""), choices(message.get("buttons") or [], language)]
    return "\n".join(part for part in parts if part)


def _pack(text: str, size: int, level: int) -> List[str]:
    if len(text) <= size:
        return [text]
    if level == len(_BREAKS):
        return [text[start : start + size] for start in range(0, len(text), size)]
    pattern, joiner = _BREAKS[level]
    chunks: List[str] = []
    for piece in filter(None, (piece.strip() for piece in pattern.split(text))):
        for chunk in _pack(piece, size, level + 1):
            if chunks and len(chunks[-1]) + len(joiner) + len(chunk) <= size:
                chunks[-1] += joiner + chunk
            else:
                chunks.append(chunk)
    return chunks
