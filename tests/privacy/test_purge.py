"""The retention purge on a real database: what is past retention goes, and nothing else."""

import pytest

from bot.privacy.retention import purge_expired
from bot.privacy.settings import PrivacyConfigurationError, retention_days
from tests.privacy.kept import DAY, kept_rows, kept_texts, session, write

NOW = 1_800_000_000.0  # a fixed clock: 2027-01-15


def purge(url: str, days: int = 30):
    return purge_expired(url=lambda: url, days=lambda: days, clock=lambda: NOW)


def test_a_conversation_silent_past_retention_is_deleted_and_a_recent_one_kept_whole(conversations_url):
    write(conversations_url, "old", session(NOW - 31 * DAY, "old words one", "old words two"))
    write(conversations_url, "recent", session(NOW - 29 * DAY, "recent words"))

    deleted = purge(conversations_url)

    assert kept_rows(conversations_url, "old") == 0
    assert kept_texts(conversations_url, "recent") == ["recent words"]
    assert deleted.conversations == 1


def test_only_the_sessions_past_retention_of_a_returning_patient_are_deleted(conversations_url):
    write(
        conversations_url,
        "returning",
        session(NOW - 45 * DAY, "first visit"),
        session(NOW - 31 * DAY, "second visit"),
        session(NOW - 2 * DAY, "third visit", "still the third visit"),
    )

    purge(conversations_url)

    assert kept_texts(conversations_url, "returning") == ["third visit", "still the third visit"]


def test_a_session_running_at_the_cutoff_is_kept_whole(conversations_url):
    """A session that began before the cutoff but went on after it is never cut in the middle."""
    write(conversations_url, "long", session(NOW - 30 * DAY - 90, "before the cutoff", "after the cutoff"))

    purge(conversations_url)

    assert kept_texts(conversations_url, "long") == ["before the cutoff", "after the cutoff"]


def test_the_retention_period_is_a_setting(conversations_url):
    write(conversations_url, "eight-days", session(NOW - 8 * DAY, "a week ago and a day"))

    purge(conversations_url, days=30)
    assert kept_texts(conversations_url, "eight-days") == ["a week ago and a day"]
    purge(conversations_url, days=7)
    assert kept_rows(conversations_url, "eight-days") == 0


def test_purging_an_empty_database_deletes_nothing(conversations_url):
    assert purge(conversations_url).conversations == 0


def test_retention_defaults_to_30_days_and_refuses_nonsense():
    assert retention_days({}) == 30
    assert retention_days({"CARE_FINDER_RETENTION_DAYS": "90"}) == 90
    for bad in ("0", "-5", "thirty", "1.5"):
        with pytest.raises(PrivacyConfigurationError):
            retention_days({"CARE_FINDER_RETENTION_DAYS": bad})
