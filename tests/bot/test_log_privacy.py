"""The log filter on the very records that carried patients' words into the logs
(bot/log_privacy.py); tests/e2e/test_log_privacy.py checks the servers' logs themselves."""

import json
import logging
import os
import subprocess
import sys
import textwrap

from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError

from bot.log_privacy import WITHHELD, PatientDataFilter, scrub_structlog_event
from tests.servers import REPO

MARKER = "Quokka-5521 my private words"


def _logged(message: str, *args: object, exc_info: object = None) -> str:
    """What a handler writes for a record, once the filter has seen it."""
    record = logging.LogRecord("rasa.core.processor", logging.ERROR, __file__, 1, message, args, exc_info)
    PatientDataFilter().filter(record)
    return logging.Formatter("%(levelname)s %(name)s - %(message)s").format(record)


def _action_server_reply() -> bytes:
    """What rasa_sdk answers when an action raises: the error and the whole request, conversation included."""
    tracker = {"sender_id": "web-1", "latest_message": {"text": MARKER}, "events": [{"event": "user", "text": MARKER}]}
    return json.dumps({"error": f"cannot read {MARKER!r}", "request_body": {"tracker": tracker}}).encode()


def test_a_failed_action_logged_by_rasa_keeps_the_error_types_but_not_the_conversation():
    try:
        try:
            raise ClientResponseError(500, "Internal Server Error", _action_server_reply())
        except ClientResponseError as error:
            raise RasaException("Failed to execute custom action 'validate_care_form'") from error
    except RasaException as error:
        logged = _logged("Encountered an exception while running action '%s'.", "care_form", exc_info=error)
    assert "Quokka" not in logged
    assert "running action 'care_form'" in logged
    assert "rasa.utils.endpoints.ClientResponseError: " + WITHHELD in logged
    assert "direct cause" in logged and "rasa.shared.exceptions.RasaException" in logged


def test_an_exception_quoting_a_value_loses_its_message_but_a_refused_connection_keeps_its_own():
    try:
        int(MARKER)
    except ValueError as error:
        logged = _logged("Exception occurred during execution of request", exc_info=error)
    assert "Quokka" not in logged and "ValueError: " + WITHHELD in logged
    refused = ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5055)")
    assert "Connect call failed ('127.0.0.1', 5055)" in _logged("Failed to run custom action", exc_info=refused)


def test_an_error_reply_or_a_conversation_in_a_message_is_withheld():
    reply = _logged("Failed: %s", ClientResponseError(500, "Internal Server Error", _action_server_reply()))
    assert "Quokka" not in reply and "body=" + WITHHELD in reply
    event = _logged("Contents of ignored event: '%s'", {"event": "user", "text": MARKER})
    assert "Quokka" not in event and "Contents of ignored event" in event
    assert _logged("Action %s failed (%s)", "care_form", "RasaException").endswith("care_form failed (RasaException)")


def test_a_structured_event_keeps_its_name_and_numbers_not_its_text():
    try:
        raise KeyError(MARKER)
    except KeyError:
        event = scrub_structlog_event(
            None, "exception", {"event": "rest.message.received.failure", "text": MARKER, "exc_info": True, "n": 3}
        )
    assert event["event"] == "rest.message.received.failure" and event["n"] == 3
    assert event["text"] == WITHHELD and "exc_info" not in event
    assert "KeyError: " + WITHHELD in event["exception"] and "Quokka" not in event["exception"]


def test_installed_in_a_process_it_scrubs_rasas_structured_and_plain_logs_even_of_loggers_made_before():
    script = textwrap.dedent(
        f"""
        import logging
        import structlog
        from rasa.utils.log_utils import configure_structlog
        configure_structlog(logging.INFO)
        early = structlog.get_logger()
        early.info("before.install")  # binds (and caches) this logger before the filter exists
        from bot import log_privacy
        log_privacy.install()
        early.error("rest.message.received.failure", text={MARKER!r})
        logging.getLogger("rasa_sdk.endpoint").error("request failed: %s", {{"tracker": {{"text": {MARKER!r}}}}})
        """
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), FORCE_JSON_LOGGING="1")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "rest.message.received.failure" in output and "request failed" in output
    assert "Quokka" not in output
