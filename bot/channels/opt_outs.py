"""SMS senders who texted STOP, kept in the tracker store's database until they text START.

Apart from the conversations on purpose: neither the retention purge nor a deletion forgets a
STOP, which carriers require us to honour. Only the conversation id (an HMAC of the number,
bot/channels/pseudonym.py) is kept, never the number.
"""

import time

import sqlalchemy as sa
from sqlalchemy.engine import Engine

_METADATA = sa.MetaData()
OPT_OUTS = sa.Table(
    "sms_opt_outs",
    _METADATA,
    sa.Column("conversation_id", sa.String(255), primary_key=True),
    sa.Column("since", sa.Float, nullable=False),
)


class OptOuts:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        OPT_OUTS.create(engine, checkfirst=True)

    def stop(self, conversation_id: str) -> None:
        try:
            with self._engine.begin() as connection:
                connection.execute(OPT_OUTS.insert().values(conversation_id=conversation_id, since=time.time()))
        except sa.exc.IntegrityError:
            pass  # stopped already

    def start(self, conversation_id: str) -> None:
        with self._engine.begin() as connection:
            connection.execute(OPT_OUTS.delete().where(OPT_OUTS.c.conversation_id == conversation_id))

    def stopped(self, conversation_id: str) -> bool:
        with self._engine.connect() as connection:
            query = sa.select(OPT_OUTS.c.conversation_id).where(OPT_OUTS.c.conversation_id == conversation_id)
            return connection.execute(query).first() is not None
