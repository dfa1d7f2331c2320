import json
from pathlib import Path
from typing import Any, Callable, Dict

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return Domain.load(str(REPO / "bot" / "domain")).as_dict()


@pytest.fixture
def tracker_from() -> Callable[..., Tracker]:
    """A Tracker from a JSON fixture, with optional slot overrides."""

    def load(name: str, **slots: Any) -> Tracker:
        state = json.loads((FIXTURES / f"{name}.json").read_text())
        state["slots"].update(slots)
        return Tracker.from_dict(state)

    return load


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARE_FINDER_TODAY", "2026-11-23")
