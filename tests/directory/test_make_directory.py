"""`make directory` (which `make run` and `make test` depend on) rebuilds a directory file that is
missing or holds no service, whatever the files' dates say, and leaves a built one alone."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from providers.db import REPO_ROOT

BUILDING = "==> Building the care directory"


def _run(path: Path, *command: str) -> str:
    done = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{path}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _make_directory(path: Path) -> str:
    return _run(path, "make", "--no-print-directory", "directory", f"DIRECTORY={path}")


def _services(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM service").fetchone()[0]


def test_a_missing_then_emptied_directory_file_is_rebuilt_and_a_built_one_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "directory.db"

    assert BUILDING in _make_directory(path)
    built = _services(path)
    assert built > 0
    assert BUILDING not in _make_directory(path)

    path.unlink()
    _run(path, sys.executable, "-m", "providers", "migrate")  # newer than every source: the tables, no service
    assert _services(path) == 0
    assert BUILDING in _make_directory(path)
    assert _services(path) == built

    path.write_bytes(b"")  # an empty file, as an older bot left behind
    assert BUILDING in _make_directory(path)
    assert _services(path) == built
