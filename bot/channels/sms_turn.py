"""One text from a patient, already verified and pseudonymized, to the texts sent back."""

from typing import Any, Dict, List, Optional

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot import metrics
from bot.catalog import DEFAULT_LANGUAGE, say
from bot.channels.conversation import read_conversation
from bot.channels.inbound import patient_text
from bot.channels.once import handle_once
from bot.channels.opt_outs import OptOuts
from bot.channels.shared_guards import SenderLimit
from bot.channels.sms_format import sms_texts, split
from bot.channels.sms_keywords import DELETE, HELP, START, STOP, keyword
from bot.rights.crisis_domain import SMS_CHANNEL
from bot.rights.explain import crisis_reply
from bot.safety import assess


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

    def __init__(self, input_channel: str, limiter: SenderLimit, max_message_chars: int, opt_outs: OptOuts) -> None:
        self._input_channel = input_channel
        self._limiter = limiter
        self._opt_outs = opt_outs
        self._max_chars = max_message_chars

    async def reply(self, agent: Agent, sender_id: str, body: str, message_id: Optional[str]) -> List[str]:
        """The texts answering one SMS; `message_id` (Twilio's MessageSid) makes a resent SMS answered
        by the same turn (bot/channels/once.py)."""
        rasa = _Rasa(agent, sender_id, self._input_channel, message_id)
        found = keyword(body)
        kind, lang = found if found else (None, DEFAULT_LANGUAGE)
        if kind == STOP:  # always honoured, even over the rate limit
            self._opt_outs.stop(sender_id)
            await rasa.tell("/stop")
            return [say("sms.stopped", lang).text]
        over_limit = self._limiter.hit(sender_id)
        if over_limit:  # a text that signals danger still gets crisis help
            return self._crisis_help(body) or (split(say("sms.too_fast").text) if over_limit == 1 else [])
        if kind == HELP:
            return sms_texts([{"text": say("sms.help", lang).text}, {"text": crisis_reply(lang, channel="sms")}])
        if kind == START:  # the conversation goes on in the keyword's language ("COMENZAR": Spanish)
            self._opt_outs.start(sender_id)
            replies = await rasa.tell(f'/greet{{"language": "{lang}"}}')
            return sms_texts([{"text": say("sms.started", lang).text}, *replies], lang)
        if len(body) > self._max_chars:
            return self._crisis_help(body) + split(say("sms.too_long").text)
        if self._opt_outs.stopped(sender_id):
            return []
        conversation = await read_conversation(agent.tracker_store, sender_id)
        if kind == DELETE:  # asks to confirm, as "delete my data" does (bot/domain/privacy.yml)
            return sms_texts(await rasa.tell("/delete_my_data"), conversation.language)
        if not body.strip():
            return split(say("sms.empty", conversation.language).text)
        text = conversation.payload_for(body) or body
        replies = await rasa.tell(patient_text(text, conversation.choice_payloads))
        return sms_texts(replies, (await read_conversation(agent.tracker_store, sender_id)).language)

    def _crisis_help(self, body: str) -> List[str]:
        """Crisis help for a danger text that Rasa is not asked about, counted as Rasa's is."""
        texts = crisis_texts(body)
        if texts:
            metrics.count_crisis_reply(self._input_channel, "danger")
        return texts


class _Rasa:
    """Passes one SMS on to Rasa (once per message id) and collects the replies."""

    def __init__(self, agent: Agent, sender_id: str, input_channel: str, message_id: Optional[str]) -> None:
        self._agent = agent
        self._sender_id = sender_id
        self._input_channel = input_channel
        self._message_id = message_id

    async def tell(self, text: str) -> List[Dict[str, Any]]:
        collector = SmsOutputChannel()
        message = UserMessage(
            text, collector, self._sender_id, input_channel=self._input_channel, message_id=self._message_id
        )
        await handle_once(self._agent, message)
        return collector.messages
