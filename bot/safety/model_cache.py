"""The trained classifier, kept on disk between starts (var/safety-model-<fingerprint>.pkl).

Training takes tens of seconds on the full corpus; every start of the Rasa server would pay it. The
file name carries a fingerprint of everything the model is made from (the safety package's code,
lexicon and corpus, the NLU's examples, the scikit-learn version), so a changed input trains a new
model and a stale file can never be used. A file that cannot be read is trained again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TypeVar

import sklearn

from bot.safety.data import CORPUS_DIR, NLU_DIR, SAFETY_DIR

CACHE_DIR = SAFETY_DIR.parents[1] / "var"
PREFIX = "safety-model-"
T = TypeVar("T")
logger = logging.getLogger(__name__)


def _inputs() -> Iterable[Path]:
    for pattern in ("*.py", "*.yml"):
        yield from SAFETY_DIR.glob(pattern)
    yield from CORPUS_DIR.glob("*.csv")
    yield from NLU_DIR.glob("*.yml")


def fingerprint() -> str:
    digest = hashlib.sha256(sklearn.__version__.encode())
    for path in sorted(_inputs()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_or_build(build: Callable[[], T], directory: Path = CACHE_DIR) -> T:
    """The model saved for the current inputs, or `build()`'s, saved for the next start."""
    path = directory / f"{PREFIX}{fingerprint()}.pkl"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception:  # a truncated or foreign file: train again rather than fail the start
        logger.warning("The saved danger classifier could not be read; training it again.")
    model = build()
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob(f"{PREFIX}*.pkl"):
        old.unlink(missing_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, prefix=PREFIX, suffix=".tmp", delete=False) as handle:
        pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(handle.name, path)  # atomic: a server starting at the same time reads a whole file or none
    return model
