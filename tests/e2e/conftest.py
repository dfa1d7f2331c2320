import itertools
from typing import Iterator

import pytest

from tests.servers import RunningBot, start_bot

_senders = itertools.count(1)


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    running = start_bot(tmp_path_factory.mktemp("bot"))
    yield running
    running.stop()


@pytest.fixture
def sender() -> str:
    """A fresh conversation id for each test."""
    return f"e2e-patient-{next(_senders)}"
