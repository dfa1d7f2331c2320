"""Message texts kept for less time than the conversation (CARE_FINDER_MESSAGE_TEXT_DAYS), on a
real database: old words are gone, newer ones kept, and the conversation still loads in Rasa."""

import asyncio
import json
from typing import List

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered

from bot.privacy.conversations import EVENTS, engine_for
from bot.privacy.retention import blank_expired_texts
from bot.privacy.settings import PrivacyConfigurationError, message_text_days
from bot.privacy.tracker_store import ConversationStore
from tests.privacy.kept import DAY, anywhere, kept_rows, kept_texts, session, write

NOW = 1_800_000_000.0  # a fixed clock: 2027-01-15
PLACE = "Woodland Hills"


def blank(url: str, days: int = 7) -> int:
    return blank_expired_texts(url=lambda: url, days=lambda: days, clock=lambda: NOW)


def with_place(started_at: float) -> list:
    """A session where the patient named a place: an entity read from the message, a slot set from it."""
    events = session(started_at, "hi")
    at = started_at + 600
    return events + [
        UserUttered(
            f"near {PLACE} please",
            {"name": "inform", "confidence": 1.0},
            [{"entity": "location", "value": PLACE, "start": 5, "end": 19}],
            timestamp=at,
        ),
        SlotSet("location", PLACE, timestamp=at + 1),
        SlotSet("care_type", "therapy", timestamp=at + 1),
    ]


def stored(url: str, sender_id: str) -> List[dict]:
    query = sa.select(EVENTS.c.data).where(EVENTS.c.sender_id == sender_id).order_by(EVENTS.c.id)
    with engine_for(url).connect() as connection:
        return [json.loads(data) for (data,) in connection.execute(query)]


def test_texts_past_the_period_are_blanked_and_newer_ones_kept(conversations_url):
    write(conversations_url, "last-week", session(NOW - 8 * DAY, "words from last week"))
    write(conversations_url, "this-week", session(NOW - 6 * DAY, "words from this week"))
    rows = kept_rows(conversations_url, "last-week")

    assert blank(conversations_url) == 2  # the message and the bot's reply

    assert kept_texts(conversations_url, "last-week") == [None]
    assert not anywhere(conversations_url, "words from last week")
    assert [event["text"] for event in stored(conversations_url, "last-week") if event["event"] == "bot"] == [None]
    assert kept_rows(conversations_url, "last-week") == rows  # the rest stays until retention
    assert kept_texts(conversations_url, "this-week") == ["words from this week"]


def test_entity_values_and_slots_holding_the_patients_words_go_too(conversations_url):
    write(conversations_url, "placed", with_place(NOW - 10 * DAY))

    blank(conversations_url)

    assert not anywhere(conversations_url, PLACE)
    events = stored(conversations_url, "placed")
    message = [event for event in events if event["event"] == "user"][-1]
    assert message["parse_data"]["intent"]["name"] == "inform"
    assert message["parse_data"]["entities"][0]["entity"] == "location"
    slots = {event["name"]: event["value"] for event in events if event["event"] == "slot"}
    assert slots == {"location": None, "care_type": "therapy"}


def test_the_blanked_conversation_still_loads_in_rasa(conversations_url):
    write(conversations_url, "returning", with_place(NOW - 10 * DAY), session(NOW - DAY, "back again"))
    blank(conversations_url)

    store = ConversationStore(host=conversations_url, domain=Domain.empty())
    tracker = asyncio.run(store.retrieve_full_tracker("returning"))
    store.engine.dispose()

    texts = [event.text for event in tracker.events if isinstance(event, UserUttered)]
    assert texts == [None, None, "back again"]
    assert tracker.latest_message.text == "back again"


def test_a_session_running_at_the_cutoff_keeps_its_words(conversations_url):
    write(conversations_url, "long", session(NOW - 7 * DAY - 90, "before the cutoff", "after the cutoff"))

    assert blank(conversations_url) == 0
    assert kept_texts(conversations_url, "long") == ["before the cutoff", "after the cutoff"]


def test_blanking_again_changes_nothing(conversations_url):
    write(conversations_url, "old", with_place(NOW - 9 * DAY))
    assert blank(conversations_url) > 0
    assert blank(conversations_url) == 0


@pytest.mark.parametrize(
    "env, days",
    [
        ({}, 7),
        ({"CARE_FINDER_MESSAGE_TEXT_DAYS": "3"}, 3),
        ({"CARE_FINDER_MESSAGE_TEXT_DAYS": "60"}, 30),  # never longer than the conversation
        ({"CARE_FINDER_RETENTION_DAYS": "5"}, 5),
    ],
)
def test_the_period_is_a_setting_no_longer_than_retention(env, days):
    assert message_text_days(env) == days


def test_a_bad_period_is_refused():
    with pytest.raises(PrivacyConfigurationError, match="CARE_FINDER_MESSAGE_TEXT_DAYS"):
        message_text_days({"CARE_FINDER_MESSAGE_TEXT_DAYS": "a week"})
