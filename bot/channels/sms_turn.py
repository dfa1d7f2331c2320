"""One text from a patient, already verified and pseudonymized, to the texts sent back."""

from typing import Any, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import TrackerStore

from bot import metrics
from bot.channels.conversation import read_conversation
from bot.channels.guards import RateLimiter
from bot.channels.inbound import HandleMessage, patient_text
from bot.channels.opt_outs import OptOuts
from bot.channels.sms_content import DELETE, HELP, START, STOP, keyword, say
from bot.channels.sms_format import sms_texts, split
from bot.rights.crisis_domain import SMS_CHANNEL
from bot.rights.explain import crisis_reply
from bot.safety import assess
from bot.wording import DEFAULT_LANGUAGE


class SmsOutputChannel(CollectingOutputChannel):
    """Collects Rasa's replies under the SMS channel's name, so the domain's SMS variants (the short
    crisis reply of bot/domain/crisis.yml) are chosen."""

    @classmethod
    def name(cls) -> str:
        return SMS_CHANNEL


def crisis_texts(body: str) -> List[str]:
    """The short crisis reply, in the message's language, when a text signals danger."""
    assessment = assess(body)
    if assessment.outcome != "danger":
        return []
    return split(crisis_reply(assessment.language, urgency=assessment.urgency, channel="sms"))


class SmsTurns:
    """Carrier keywords, DELETE, limits and numbered choices around Rasa's own answer."""

    def __init__(
        self,
        on_new_message: HandleMessage,
        input_channel: str,
        limiter: RateLimiter,
        max_message_chars: int,
        opt_outs: OptOuts,
    ) -> None:
        self._on_new_message = on_new_message
        self._input_channel = input_channel
        self._limiter = limiter
        self._opt_outs = opt_outs
        self._max_chars = max_message_chars

    async def reply(self, sender_id: str, body: str, store: TrackerStore) -> List[str]:
        kind = keyword(body)
        if kind == STOP:  # always honoured, even over the rate limit
            self._opt_outs.stop(sender_id)
            await self._tell_rasa(sender_id, "/stop")
            return [say("stopped")]
        over_limit = self._limiter.hit(sender_id)
        if over_limit:  # a text that signals danger still gets crisis help
            return self._crisis_help(body) or (split(say("too_fast")) if over_limit == 1 else [])
        if kind == HELP:
            return sms_texts([{"text": say("help")}, {"text": crisis_reply(DEFAULT_LANGUAGE, channel="sms")}])
        if kind == START:
            self._opt_outs.start(sender_id)
            replies = await self._tell_rasa(sender_id, "/greet")
            return sms_texts([{"text": say("started")}, *replies])
        if len(body) > self._max_chars:
            return self._crisis_help(body) + split(say("too_long"))
        if self._opt_outs.stopped(sender_id):
            return []
        if kind == DELETE:  # asks to confirm, as "delete my data" does (bot/domain/privacy.yml)
            return sms_texts(await self._tell_rasa(sender_id, "/delete_my_data"))
        conversation = await read_conversation(store, sender_id)
        if not body.strip():
            return split(say("empty"))
        text = conversation.payload_for(body) or body
        return sms_texts(await self._tell_rasa(sender_id, patient_text(text, conversation.choice_payloads)))

    def _crisis_help(self, body: str) -> List[str]:
        """Crisis help for a danger text that Rasa is not asked about, counted as Rasa's is."""
        texts = crisis_texts(body)
        if texts:
            metrics.count_crisis_reply(self._input_channel, "danger")
        return texts

    async def _tell_rasa(self, sender_id: str, text: str) -> List[Dict[str, Any]]:
        collector = SmsOutputChannel()
        await self._on_new_message(UserMessage(text, collector, sender_id, input_channel=self._input_channel))
        return collector.messages
