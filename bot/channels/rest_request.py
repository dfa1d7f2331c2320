"""The body of a REST request, checked: {"sender": "...", "message": "...", "metadata": {...}}, and an
optional "message_id" that makes a resent message answered by the same turn (bot/channels/once.py).

Rasa's own REST channel answers HTTP 500 to a body that is not a JSON object and nothing at all to
a message that is not text; here any such body is refused with a short reason (HTTP 400).
"""

import json
from dataclasses import dataclass
from typing import Any, Dict, Optional

MAX_SENDER_CHARS = 128
MAX_METADATA_CHARS = 1000  # metadata is stored in the tracker with the message


class BadRequest(ValueError):
    """The body is not a message; the text says why, for the developer of the client."""


@dataclass(frozen=True)
class RestMessage:
    sender: str
    text: str
    metadata: Optional[Dict[str, Any]] = None
    message_id: Optional[str] = None


def read_body(raw: bytes) -> RestMessage:
    body = _json(raw)
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return RestMessage(
        _sender(body.get("sender")),
        _text(body.get("message")),
        _metadata(body.get("metadata")),
        _message_id(body.get("message_id")),
    )


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):  # also bad UTF-8 (UnicodeDecodeError is a ValueError)
        raise BadRequest("the body must be JSON") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _sender(sender: Any) -> str:
    if not _is_short_printable(sender):
        raise BadRequest(f"sender must be a string of 1 to {MAX_SENDER_CHARS} printable characters")
    return sender


def _message_id(message_id: Any) -> Optional[str]:
    if message_id is not None and not _is_short_printable(message_id):
        raise BadRequest(f"message_id must be a string of 1 to {MAX_SENDER_CHARS} printable characters")
    return message_id


def _is_short_printable(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_SENDER_CHARS and value.isprintable()


def _text(message: Any) -> str:
    if not isinstance(message, str):
        raise BadRequest("message must be a string")
    return message


def _metadata(metadata: Any) -> Optional[Dict[str, Any]]:
    if metadata is None:
        return None
    if not isinstance(metadata, dict):
        raise BadRequest("metadata must be a JSON object")
    if len(json.dumps(metadata)) > MAX_METADATA_CHARS:
        raise BadRequest(f"metadata must be at most {MAX_METADATA_CHARS} characters of JSON")
    return metadata
