"""Run last (file order): what the servers wrote while the other end-to-end tests ran."""

from tests.servers import RunningBot

PRIVATE_MARKER = "Zanzibar-4471 my private words"


def test_logs_hold_no_traceback_and_no_message_text(bot: RunningBot):
    bot.chat("privacy-check", PRIVATE_MARKER)
    logs = bot.logs_text()
    assert "Traceback" not in logs
    assert " ERROR " not in logs
    assert PRIVATE_MARKER not in logs and "Zanzibar" not in logs
