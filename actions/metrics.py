"""Prometheus metrics of the action server, at GET /metrics beside rasa-sdk's /health: each action's
run time and failures, labelled by the action's name only (a registered action's, else "unknown"),
never by anything from the conversation. Served as bot/scrape.py says (private network; optional
bearer token).

rasa-sdk has no hook for this: `install()`, called when the action server imports the actions
package, wraps ActionExecutor.run and adds the route to the rasa-sdk application being created.
"""

import time
from typing import Any, Dict, Optional

from prometheus_client import CollectorRegistry, Counter, Histogram
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection
from sanic import Sanic
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.scrape import metrics_response, metrics_token

UNKNOWN_ACTION = "unknown"
REGISTRY = CollectorRegistry(auto_describe=True)
ACTION_SECONDS = Histogram(
    "care_finder_action_seconds",
    "Seconds an action took, from rasa-sdk receiving the call to its answer (rejected form answers included)",
    ["action"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0),
    registry=REGISTRY,
)
ACTION_ERRORS = Counter(
    "care_finder_action_errors", "Action calls that failed with an exception", ["action"], registry=REGISTRY
)


def install() -> None:
    """Measure every action this process runs and serve the metrics (safe to call more than once)."""
    if getattr(ActionExecutor.run, "measured", False):
        return
    run = ActionExecutor.run

    async def measured_run(self: ActionExecutor, action_call: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        name = action_call.get("next_action")
        label = name if name in self.actions else UNKNOWN_ACTION
        started = time.perf_counter()
        try:
            return await run(self, action_call)
        except ActionExecutionRejection:
            raise  # a form declining an answer: not a failure
        except Exception:
            ACTION_ERRORS.labels(label).inc()
            raise
        finally:
            ACTION_SECONDS.labels(label).observe(time.perf_counter() - started)

    measured_run.measured = True  # type: ignore[attr-defined]
    ActionExecutor.run = measured_run  # type: ignore[method-assign]
    _serve()


def _serve() -> None:
    """GET /metrics on the rasa-sdk application, when one is being created (not in unit tests)."""
    try:
        app = Sanic.get_app("rasa_sdk")
    except SanicException:
        return
    token = metrics_token()

    async def metrics(request: Request) -> HTTPResponse:
        return metrics_response(REGISTRY, request.headers.get("Authorization"), token)

    app.add_route(metrics, "/metrics", methods=["GET"], name="care_finder_metrics")
