"""Care Finder's REST channel, at POST /webhooks/rest/webhook: Rasa's REST interface
({"sender", "message", "metadata"} → a list of replies) with the body checked first
(bot/channels/rest_request.py, HTTP 400 when it is not a message), and the text bounded and taken
as a command only when offered (bot/channels/inbound.py) before Rasa stores it. A message sent with a
"message_id" is answered by one turn however often it is resent (bot/channels/once.py): a client may
resend a message whose answer it did not get.

Registered in credentials.yml in place of Rasa's `rest`, at the same address. Unlike Rasa's, it does
not stream replies (`?stream=true`), does not let the client name another `input_channel`, and
answers an unexpected failure with HTTP 500 (the web page then shows its own "try again" with the
crisis line) rather than HTTP 200 and no reply. The staff shell (`rasa shell`) uses Rasa's own channel, where
`/restart` still works.
"""

from typing import Any, Dict, List, Optional, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import log_privacy, metrics
from bot.channels.conversation import offered_payloads
from bot.channels.inbound import HandleMessage, looks_like_command, patient_text
from bot.channels.once import handle_once
from bot.channels.rest_request import BadRequest, read_body


class RestChannel(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        log_privacy.install()
        return cls()

    def blueprint(self, on_new_message: HandleMessage) -> Blueprint:
        hook = Blueprint("care_finder_rest", __name__)

        @hook.get("/")
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            return await answer_message(request, on_new_message, self.name())

        metrics.watch(hook, self.name())
        return hook


async def answer_message(request: Request, on_new_message: HandleMessage, channel: str) -> HTTPResponse:
    """A REST body's message passed on to Rasa as sent over `channel`; the replies as a JSON list."""
    try:
        _, replies = await collect_replies(request, on_new_message, channel)
    except BadRequest as problem:
        return response.json({"error": str(problem)}, status=400)
    return response.json(replies)


async def collect_replies(
    request: Request, on_new_message: HandleMessage, channel: str
) -> Tuple[str, List[Dict[str, Any]]]:
    """The sender of a REST body's message and the bot's replies to it (BadRequest if not a message)."""
    message = read_body(request.body)
    offered: List[str] = []
    if looks_like_command(message.text):
        offered = await offered_payloads(request.app.ctx.agent.tracker_store, message.sender)
    collector = CollectingOutputChannel()
    text = patient_text(message.text, offered)
    user_message = UserMessage(
        text, collector, message.sender, input_channel=channel, message_id=message.message_id, metadata=message.metadata
    )
    if message.message_id:
        await handle_once(request.app.ctx.agent, user_message)
    else:
        await on_new_message(user_message)
    return message.sender, collector.messages
