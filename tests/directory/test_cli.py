from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from providers.db import REPO_ROOT
from providers.seed_loader import SEED_PATH

from .support import seed_row, write_seed


@pytest.fixture
def cli(db_url):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "providers", *args], cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=120, env={**os.environ, "DATABASE_URL": db_url})
    return run


def seed_size() -> int:
    return len(SEED_PATH.read_text(encoding="utf-8").strip().splitlines()) - 1


def test_build_twice_changes_nothing_the_second_time(cli):
    first, second = cli("build"), cli("build")

    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert f"added {seed_size()}, updated 0, unchanged 0, rejected 0" in first.stdout
    assert f"added 0, updated 0, unchanged {seed_size()}, rejected 0" in second.stdout


def test_search_prints_json(cli):
    assert cli("build").returncode == 0
    result = cli("search", "--near", "91367", "--care", "postpartum", "--prefer", "free", "--limit", "5", "--json")

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["place"]["zip_code"] == "91367"
    assert 0 < len(data["matches"]) <= 5 <= data["total"]
    distances = [m["distance_miles"] for m in data["matches"] if m["distance_miles"] is not None]
    assert distances and all(d == round(d, 1) for d in distances)
    assert all(isinstance(m["reasons"], list) for m in data["matches"])


def test_search_as_text_and_stats(cli):
    assert cli("build").returncode == 0
    search, stats = cli("search", "--near", "Pasadena", "--limit", "2"), cli("stats")

    assert search.returncode == 0 and "1. " in search.stdout and "3. " not in search.stdout
    assert stats.returncode == 0 and f"active {seed_size()}" in stats.stdout


@pytest.mark.parametrize("place", ["Glendalia", "10001"])
def test_an_unknown_place_exits_2_with_a_message(cli, place):
    result = cli("search", "--near", place)

    assert result.returncode == 2
    assert "not a California ZIP code, city or area" in result.stderr


def test_bad_arguments_exit_2(cli):
    assert cli("search", "--near", "91367", "--limit", "0").returncode == 2
    assert cli("search", "--near", "91367", "--care", "yoga").returncode == 2


def test_searching_before_building_says_what_to_do(cli):
    result = cli("search", "--near", "91367")

    assert result.returncode == 1 and "python -m providers build" in result.stderr


def test_build_reports_rejected_rows_and_fails(cli, tmp_path):
    seed = write_seed(tmp_path / "seed.csv", [seed_row("ok"), seed_row("bad", zip="10001")])
    result = cli("build", "--seed", str(seed))

    assert result.returncode == 1
    assert "added 1" in result.stdout
    assert "line 3 (bad): zip 10001 is not a California ZIP code" in result.stderr
