"""Serving Prometheus metrics over HTTP, for the Rasa server (bot/channels/metrics.py) and the action
server (actions/metrics.py) alike.

Counts per channel or per action still say how busy the service is: scrape them on a private
network (both servers listen on loopback by default, bot/network.py) and keep the paths off the
public proxy. With CARE_FINDER_METRICS_TOKEN set, a scrape must also send
`Authorization: Bearer <token>` (Prometheus: `authorization: {credentials: <token>}`).
"""

import hmac
import os
from typing import Mapping, Optional

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from sanic import response
from sanic.response import HTTPResponse

TOKEN_ENV = "CARE_FINDER_METRICS_TOKEN"


def metrics_token(env: Mapping[str, str] = os.environ) -> Optional[str]:
    return env.get(TOKEN_ENV) or None


def metrics_response(registry: CollectorRegistry, authorization: Optional[str], token: Optional[str]) -> HTTPResponse:
    """The registry in Prometheus' text format, or HTTP 401 without the token (when one is set)."""
    if token is not None and not hmac.compare_digest((authorization or "").encode(), f"Bearer {token}".encode()):
        return response.text("Unauthorized", status=401, headers={"WWW-Authenticate": "Bearer"})
    return response.raw(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
