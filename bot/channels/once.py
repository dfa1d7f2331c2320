"""A message is answered by one turn however often it arrives.

A client whose request got no answer (the Rasa instance died in the middle of the turn) sends it
again with the same id: Twilio's MessageSid, or the REST body's "message_id". The message is then
handled under its conversation's lock (Rasa's lock store: Redis in a cluster) after a look at the
tracker store, where Rasa saves the patient's message with its id and the replies in one commit:
if the conversation already holds that id, the replies recorded for it are given again and no
second turn is taken; otherwise the message is handled as Agent.handle_message does.

A message that finds the lock held gets a ticket that lives a little longer than Rasa's own
(TICKET_LOCK_LIFETIME): a message resent right after an instance died waits for the dead instance's
ticket to expire, and with equal lifetimes its own ticket would expire within the same second,
leaving it waiting for ever (Rasa's ticket lock looks once a second).
"""

from typing import Any, Dict, List, Optional

from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import LOCK_LIFETIME, LockStore
from rasa.shared.core.events import BotUttered, Event, UserUttered

OUTLIVE_SECONDS = 3  # longer than Rasa's lock takes to notice that an earlier ticket expired (1 s)


async def handle_once(agent: Agent, message: UserMessage) -> None:
    """Handle `message`, unless its conversation already holds its id: then repeat the replies."""
    if not agent.is_ready():
        return
    lifetime = _ticket_lifetime(agent.lock_store, message.sender_id)
    async with agent.lock_store.lock(message.sender_id, lock_lifetime=lifetime):
        tracker = await agent.tracker_store.retrieve(message.sender_id)
        earlier = replies_to(list(tracker.events), message.message_id) if tracker else None
        if earlier is None:
            await agent.processor.handle_message(message)  # type: ignore[union-attr]
            return
        for reply in earlier:
            await message.output_channel.send_response(message.sender_id, reply)


def _ticket_lifetime(lock_store: LockStore, conversation_id: str) -> float:
    lock = lock_store.get_lock(conversation_id)
    if lock is not None:
        lock.remove_expired_tickets()
    return LOCK_LIFETIME + OUTLIVE_SECONDS if lock and lock.tickets else LOCK_LIFETIME


def replies_to(events: List[Event], message_id: str) -> Optional[List[Dict[str, Any]]]:
    """The bot's messages that answered the user message `message_id`; None if it is not there."""
    for index, event in enumerate(events):
        if isinstance(event, UserUttered) and event.message_id == message_id:
            replies = []
            for later in events[index + 1 :]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    replies.append({"text": later.text, **{key: value for key, value in later.data.items() if value}})
            return replies
    return None
