"""Write a generated domain file (bot/domain/crisis.yml, bot/domain/responses.yml) for `make`."""

from pathlib import Path
from typing import Any, Dict

import yaml


def domain_text(header: str, responses: Dict[str, Any]) -> str:
    body = yaml.safe_dump({"version": "3.1", "responses": responses}, allow_unicode=True, sort_keys=False, width=100)
    return header + body


def write_if_changed(path: Path, text: str) -> int:
    """Write the file only when its text changes, so that an edit of its source that no response
    uses does not make `make` retrain the model."""
    name = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        print(f"{name} is up to date")
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {name}")
    return 0
