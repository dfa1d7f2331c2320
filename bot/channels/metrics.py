"""GET /webhooks/metrics/: this Rasa server's Prometheus metrics (bot/metrics.py), served as
bot/scrape.py says (private network; optional bearer token, CARE_FINDER_METRICS_TOKEN).

Registered in credentials.yml as `bot.channels.metrics.MetricsEndpoint`; it receives no messages.
"""

from typing import Any, Dict, Optional

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.inbound import HandleMessage
from bot.metrics import REGISTRY
from bot.scrape import metrics_response, metrics_token


class MetricsEndpoint(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "metrics"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return cls(metrics_token())

    def __init__(self, token: Optional[str] = None) -> None:
        self._token = token

    def blueprint(self, on_new_message: HandleMessage) -> Blueprint:
        hook = Blueprint("care_finder_metrics", __name__)

        @hook.get("/")
        async def metrics(request: Request) -> HTTPResponse:
            return metrics_response(REGISTRY, request.headers.get("Authorization"), self._token)

        return hook
