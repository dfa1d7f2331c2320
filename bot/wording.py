"""Read the content files in bot/content/ (parsed once per process).

What the bot says is read only through bot/catalog.py; the other files hold what it understands.
"""

from functools import cache
from pathlib import Path
from typing import Any, Dict

import yaml

CONTENT_DIR = Path(__file__).resolve().parent / "content"


@cache
def load_content(filename: str) -> Dict[str, Any]:
    """A content file, parsed once per process."""
    return yaml.safe_load((CONTENT_DIR / filename).read_text(encoding="utf-8"))
