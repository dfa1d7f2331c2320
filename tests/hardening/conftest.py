"""The real servers with one other site's origin allowed CORS (CARE_FINDER_CORS_ORIGINS) and the
metrics behind a bearer token (CARE_FINDER_METRICS_TOKEN)."""

from typing import Iterator

import pytest

from tests.servers import RunningBot, start_bot

LISTED_ORIGIN = "https://partner.example.org"
METRICS_TOKEN = "test-metrics-token"


@pytest.fixture(scope="module")
def hardened_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARE_FINDER_CORS_ORIGINS", LISTED_ORIGIN)
        patch.setenv("CARE_FINDER_METRICS_TOKEN", METRICS_TOKEN)
        for name in ("CARE_FINDER_HOST", "ACTION_HOST"):
            patch.delenv(name, raising=False)
        running = start_bot(tmp_path_factory.mktemp("hardened-bot"))
    yield running
    running.stop()
