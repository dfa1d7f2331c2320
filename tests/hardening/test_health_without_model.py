"""The health endpoint of a Rasa server that found no model to load: 503, the model named as down."""

from typing import Iterator

import pytest

from tests.hardening.test_through_the_servers import health
from tests.servers import RunningBot, start_bot


@pytest.fixture(scope="module")
def bot_without_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    workdir = tmp_path_factory.mktemp("bot-without-model")
    no_models = workdir / "models"  # a models directory with nothing trained in it
    no_models.mkdir()
    # Rasa starts without a model only with its HTTP API on (a model can then be loaded through it).
    running = start_bot(workdir, model=no_models, rasa_args=("--enable-api",))
    yield running
    running.stop()


def test_health_is_503_when_no_model_is_loaded(bot_without_model: RunningBot) -> None:
    status, report = health(bot_without_model)
    assert status == 503, report
    assert report["model"] == {"status": "down", "error": "no model loaded"}
    assert report["directory"]["status"] == report["tracker_store"]["status"] == "ok"
    assert report["action_server"]["status"] == "ok"
