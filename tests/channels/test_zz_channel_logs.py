"""Run last (file order): what the servers logged while the channel tests ran."""

from tests.channels.conftest import Phone
from tests.servers import RunningBot


def test_logs_hold_no_phone_number_no_message_text_and_no_traceback(channels_bot: RunningBot):
    Phone(channels_bot, "+13105559876").says("Zanzibar-4471 my private words")
    logs = channels_bot.logs_text()
    assert "Traceback" not in logs and " ERROR " not in logs
    assert "5559876" not in logs and "310555" not in logs
    assert "Zanzibar" not in logs and "Kaiser canceled" not in logs
