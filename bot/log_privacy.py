"""Keep what patients write out of every log line, Rasa's own included.

Neither server logs a message on purpose, but some records carry one by accident: an exception whose
message quotes a value (`Invalid isoformat string: '...'`), the action server's error reply (rasa_sdk
answers a failing action with the whole conversation, and Rasa logs it inside the exception), or one of
Rasa's structured events with a `text` field. `install()` makes every log record of the process pass
through PatientDataFilter as it is created, whatever logger or handler it goes to, and adds the same
rules to structlog (which Rasa uses beside the standard logging):

- a traceback keeps its frames and exception types but not the exceptions' messages (except those of
  OSError, such as a refused connection, which name only hosts, ports and files);
- an HTTP error reply (`body='...'`) and a conversation dump are withheld;
- a structlog event keeps its name, level and numbers; its other values are withheld.

The Rasa process installs it when it creates the channels (bot/channels/), the action server when it
imports the actions package.
"""

import logging
import re
import sys
import traceback
from typing import Any, Dict, Optional, Tuple, Type

import structlog

WITHHELD = "[withheld]"
# rasa.utils.endpoints.ClientResponseError ends its message with the reply: "..., body='<reply>'".
_HTTP_BODY = re.compile(r"""\bbody=(['"]).*""", re.DOTALL)
# A key of a tracker, an event or an action-server request with a value (JSON or a Python dict),
# unless that value is already withheld (a scrubbed structlog event).
_CONVERSATION = re.compile(
    r"""['"](?:text|slots|latest_message|events|tracker|request_body)['"]\s*:\s*"""
    rf"""(?!['"]{re.escape(WITHHELD)})[\[{{'"]"""
)
# What a structlog event keeps besides numbers: its name and where and when it happened.
_STRUCTLOG_NAMES = frozenset({"event", "event_info", "event_key", "level", "timestamp", "logger"})
_SAFE_MESSAGE_TYPES: Tuple[Type[BaseException], ...] = (OSError,)


def scrub_text(text: str) -> str:
    """`text` without an HTTP error reply or a conversation dump in it."""
    text = _HTTP_BODY.sub("body=" + WITHHELD, text)
    if _CONVERSATION.search(text):
        starts = [index for index in (text.find("{"), text.find("[")) if index >= 0]
        text = text[: min(starts)] + WITHHELD
    return text


def traceback_text(error: BaseException) -> str:
    """The traceback Python would print, with the exceptions' messages withheld (see the module doc)."""
    parts = []
    current, seen = error, set()
    while True:
        seen.add(id(current))
        frames = "".join(traceback.format_list(traceback.extract_tb(current.__traceback__)))
        parts.append(f"Traceback (most recent call last):\n{frames}{_exception_line(current)}")
        earlier, link = _earlier_in_chain(current)
        if earlier is None or id(earlier) in seen:
            return "\n\n".join(reversed(parts))
        parts.append(link)
        current = earlier


def _earlier_in_chain(error: BaseException) -> Tuple[Optional[BaseException], str]:
    if error.__cause__ is not None:
        return error.__cause__, "The above exception was the direct cause of the following exception:"
    if error.__context__ is not None and not error.__suppress_context__:
        return error.__context__, "During handling of the above exception, another exception occurred:"
    return None, ""


def _exception_line(exception: BaseException) -> str:
    kind = type(exception)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    if isinstance(exception, _SAFE_MESSAGE_TYPES):
        return f"{name}: {exception}"
    return f"{name}: {WITHHELD}"


class PatientDataFilter(logging.Filter):
    """Rewrites a record in place (see module doc); never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted record must not leak its arguments either
            message = f"{record.msg if isinstance(record.msg, str) else ''} {WITHHELD}"
        record.msg, record.args = scrub_text(message), ()
        error = _exception_of(record.exc_info)
        if error is not None:
            record.exc_text, record.exc_info = traceback_text(error), None
        return True


def scrub_structlog_event(_: Any, __: str, event: Dict[str, Any]) -> Dict[str, Any]:
    """structlog processor; runs after structlog has turned `.exception()` into `exc_info`."""
    error = _exception_of(event.pop("exc_info", None))
    scrubbed = {key: value if _kept(key, value) else WITHHELD for key, value in event.items()}
    if error is not None:
        scrubbed["exception"] = traceback_text(error)
    return scrubbed


def _kept(key: str, value: Any) -> bool:
    return key in _STRUCTLOG_NAMES or value is None or isinstance(value, (bool, int, float))


def _exception_of(exc_info: Any) -> Optional[BaseException]:
    if exc_info is True:
        return sys.exc_info()[1]
    if isinstance(exc_info, BaseException):
        return exc_info
    if isinstance(exc_info, tuple) and len(exc_info) == 3:
        return exc_info[1]
    return None


_installed = False


def install() -> None:
    """Scrub every log record of this process from now on (safe to call more than once)."""
    global _installed
    if _installed:
        return
    _installed = True
    patient_filter = PatientDataFilter()
    make_record = logging.getLogRecordFactory()

    def scrubbed_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        patient_filter.filter(record)
        return record

    logging.setLogRecordFactory(scrubbed_record)
    _add_to_structlog()


def _add_to_structlog() -> None:
    """Insert the processor into the list structlog's loggers share (in place: loggers Rasa already
    created keep a reference to that list), before anything renders the event."""
    processors = structlog.get_config()["processors"]
    if scrub_structlog_event in processors:
        return
    after = [index + 1 for index, processor in enumerate(processors) if processor is structlog.dev.set_exc_info]
    processors.insert(after[0] if after else max(len(processors) - 1, 0), scrub_structlog_event)
