"""Message texts kept for less time than the rest of a conversation (CARE_FINDER_MESSAGE_TEXT_DAYS).

Past that period the events of finished sessions lose their words: the text of each patient message
and bot reply, the entity values read from a message, and the slots that hold a patient's own words.
What remains (intents, actions, the other slots, times) is still a conversation Rasa can load, until
the conversation retention deletes it. Works on the rows Rasa's SQLTrackerStore writes (the event as
JSON in `data`), on SQLite or PostgreSQL.
"""

import json
from typing import Any, Dict

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.privacy.conversations import EVENTS, over_before

# Slots whose value is the patient's own words: the place as understood, and the unreadable answer
# that a validator quotes back (actions/asking.py `answer_problem`).
WORDS_SLOTS = ("location", "answer_problem")
# Rasa writes events with json.dumps: a key named "text" with a string value reads `"text": "`,
# which a patient's own words can't imitate (their quotes are escaped). Blanked rows hold null.
_HAS_TEXT = EVENTS.c.data.contains('"text": "')
_HAS_WORDS_SLOT = sa.or_(*(EVENTS.c.data.contains(f'"name": "{slot}"') for slot in WORDS_SLOTS))
_BLANKED_SLOT = EVENTS.c.data.contains('"value": null')


def blank_event(event: Dict[str, Any]) -> Dict[str, Any]:
    """The event (as Rasa stores it) without the words it carries."""
    kind = event.get("event")
    if kind == "bot":
        return {**event, "text": None}
    if kind == "user":
        parse_data = event.get("parse_data") or {}
        entities = [{**entity, "value": None} for entity in parse_data.get("entities") or []]
        return {**event, "text": None, "parse_data": {**parse_data, "text": None, "entities": entities}}
    if kind == "slot" and event.get("name") in WORDS_SLOTS:
        return {**event, "value": None}
    return event


def blank_texts(engine: Engine, cutoff: float) -> int:
    """Blank the words of every event of sessions over before `cutoff` (a Unix time); the number of
    events changed. Events blanked before are not selected again."""
    candidates = sa.and_(
        over_before(cutoff),
        sa.or_(
            sa.and_(EVENTS.c.type_name.in_(("user", "bot")), _HAS_TEXT),
            sa.and_(EVENTS.c.type_name == "slot", _HAS_WORDS_SLOT, sa.not_(_BLANKED_SLOT)),
        ),
    )
    with engine.begin() as connection:
        rows = connection.execute(sa.select(EVENTS.c.id, EVENTS.c.data).where(candidates)).all()
        changed = [
            {"row_id": row_id, "blanked": blanked}
            for row_id, data in rows
            if (blanked := json.dumps(blank_event(json.loads(data)))) != data
        ]
        if changed:
            update = EVENTS.update().where(EVENTS.c.id == sa.bindparam("row_id")).values(data=sa.bindparam("blanked"))
            connection.execute(update, changed)
    return len(changed)
