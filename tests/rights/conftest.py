"""Fixtures for the rights tests: edited copies of the real facts file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.rights.facts import FACTS_PATH


@pytest.fixture
def facts_copy(tmp_path: Path) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    """Write facts.yml, changed by `edit`, to a temporary file and return its path."""

    def write(edit: Callable[[dict[str, Any]], None]) -> Path:
        doc = yaml.safe_load(FACTS_PATH.read_text(encoding="utf-8"))
        edit(doc)
        path = tmp_path / "facts.yml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write
