"""One text from a patient, already verified and pseudonymized, to the texts sent back."""
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import TrackerStore

from bot.channels.conversation import OPT_KEY, OPTED_IN, OPTED_OUT, read_conversation
from bot.channels.guards import RateLimiter
from bot.channels.sms_content import HELP, START, STOP, keyword, say
from bot.channels.sms_format import sms_texts, split
from bot.rights.explain import crisis_messages
from bot.wording import DEFAULT_LANGUAGE

HandleMessage = Callable[[UserMessage], Awaitable[Any]]


class SmsTurns:
    """Carrier keywords, limits and numbered choices around Rasa's own answer."""

    def __init__(
        self,
        on_new_message: HandleMessage,
        input_channel: str,
        limiter: RateLimiter,
        max_message_chars: int,
    ) -> None:
        self._on_new_message = on_new_message
        self._input_channel = input_channel
        self._limiter = limiter
        self._max_chars = max_message_chars

    async def reply(self, sender_id: str, body: str, store: TrackerStore) -> List[str]:
        kind = keyword(body)
        if kind == STOP:  # always honoured, even over the rate limit
            await self._tell_rasa(sender_id, "/stop", {OPT_KEY: OPTED_OUT})
            return [say("stopped")]
        over_limit = self._limiter.hit(sender_id)
        if over_limit:
            return split(say("too_fast")) if over_limit == 1 else []
        if kind == HELP:
            return sms_texts([{"text": say("help")}, {"text": crisis_messages(DEFAULT_LANGUAGE)[0]}])
        if kind == START:
            replies = await self._tell_rasa(sender_id, "/greet", {OPT_KEY: OPTED_IN})
            return sms_texts([{"text": say("started")}, *replies])
        if len(body) > self._max_chars:
            return split(say("too_long"))
        conversation = await read_conversation(store, sender_id)
        if conversation.opted_out:
            return []
        if not body.strip():
            return split(say("empty"))
        text = conversation.payload_for(body) or body
        return sms_texts(await self._tell_rasa(sender_id, text))

    async def _tell_rasa(
        self, sender_id: str, text: str, metadata: Optional[Dict[str, str]] = None
    ) -> List[Dict[str, Any]]:
        collector = CollectingOutputChannel()
        await self._on_new_message(
            UserMessage(text, collector, sender_id, input_channel=self._input_channel, metadata=metadata)
        )
        return collector.messages
