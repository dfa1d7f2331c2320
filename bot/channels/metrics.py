"""GET /webhooks/metrics/: this Rasa server's Prometheus metrics (bot/metrics.py).

Registered in credentials.yml as `bot.channels.metrics.MetricsEndpoint`; it receives no messages.
The metrics hold counts per channel only, but they still say how busy the service is: scrape them on
a private network (Rasa listens on loopback by default, bot/network.py) and keep the path off the
public proxy. With CARE_FINDER_METRICS_TOKEN set, a scrape must also send
`Authorization: Bearer <token>` (Prometheus: `authorization: {credentials: <token>}`).
"""

import hmac
import os
from typing import Any, Dict, Optional

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound import HandleMessage
from bot.metrics import REGISTRY

TOKEN_ENV = "CARE_FINDER_METRICS_TOKEN"


class MetricsEndpoint(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "metrics"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return cls(os.environ.get(TOKEN_ENV) or None)

    def __init__(self, token: Optional[str] = None) -> None:
        self._token = token

    def blueprint(self, on_new_message: HandleMessage) -> Blueprint:
        hook = Blueprint("care_finder_metrics", __name__)

        @hook.get("/")
        async def metrics(request: Request) -> HTTPResponse:
            if not self._allowed(request.headers.get("Authorization")):
                return response.text("Unauthorized", status=401, headers={"WWW-Authenticate": "Bearer"})
            return response.raw(generate_latest(REGISTRY), content_type=CONTENT_TYPE_LATEST)

        return hook

    def _allowed(self, authorization: Optional[str]) -> bool:
        if self._token is None:
            return True
        return hmac.compare_digest((authorization or "").encode(), f"Bearer {self._token}".encode())
