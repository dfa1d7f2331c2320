"""GET /webhooks/health/: is this Rasa server fit to take patients' messages?

Registered in credentials.yml as `bot.channels.health.HealthCheck`; it receives no messages. The
answer is JSON with each part's status (bot/health.py) and HTTP 200 when every part is ok, 503
when one is down, so a load balancer or monitor can act on the status alone.
"""

import asyncio
from typing import Any, Dict, Optional

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound import HandleMessage
from bot.health import check_action_server, check_directory, check_model, check_tracker_store


class HealthCheck(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "health"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: HandleMessage) -> Blueprint:
        hook = Blueprint("care_finder_health", __name__)

        @hook.get("/")
        async def health(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)  # None until Rasa has loaded it
            endpoint = agent.action_endpoint.url if agent and agent.action_endpoint else None
            directory, tracker_store, action_server = await asyncio.gather(
                check_directory(), check_tracker_store(), check_action_server(endpoint)
            )
            checks = {
                "directory": directory,
                "tracker_store": tracker_store,
                "action_server": action_server,
                "model": check_model(agent.model_id if agent else None),
            }
            healthy = all(check["status"] == "ok" for check in checks.values())
            return response.json({"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503)

        return hook
