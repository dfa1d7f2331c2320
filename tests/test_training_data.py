"""Rasa's own checks of the training data and of the test stories for every flow."""

import os
import subprocess
import sys
from pathlib import Path

from bot.rights.crisis_domain import SIMPLE_RESPONSES

REPO = Path(__file__).resolve().parent.parent
RASA = str(Path(sys.executable).parent / "rasa")
MODEL = REPO / "models" / "care-finder.tar.gz"


def _rasa(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), RASA_TELEMETRY_ENABLED="false")
    return subprocess.run([RASA, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


def test_rasa_data_validate_finds_no_warning():
    """No warning but one: the safety net's replies that code speaks, not rules (the gentle question
    and its "no", the action guard's "try again", Rasa's own fallback) are "not used in any rule"."""
    result = _rasa(
        "data", "validate", "--domain", "bot/domain", "--config", "config.yml", "--data", "data", "--fail-on-warnings"
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    spoken_by_code = [f"The utterance '{name}' is not used in any story or rule." for name in SIMPLE_RESPONSES]
    warnings = [
        line
        for line in (result.stderr + result.stdout).splitlines()
        if "UserWarning" in line and not any(expected in line for expected in spoken_by_code)
    ]
    assert not warnings, "\n".join(warnings)


def test_test_stories_for_every_flow_are_predicted_exactly(tmp_path):
    assert MODEL.exists(), "run `make test`: it trains the model first"
    result = _rasa(
        "test",
        "core",
        "--model",
        str(MODEL),
        "--stories",
        "tests/stories",
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path),
    )
    failed = tmp_path / "failed_test_stories.yml"
    report = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, report + result.stderr[-3000:]
    assert "None of the test stories failed" in report
