"""The default directory's SAMHSA data is the project's own extract of SAMHSA's file (issue 13): the
committed file is exactly what `python -m providers extract-samhsa` writes from the shared source."""

from __future__ import annotations

import csv
import subprocess
import sys

from providers import geo
from providers.db import REPO_ROOT
from providers.importers.samhsa import COLUMNS, USED_CODES
from providers.importers.samhsa_extract import EXTRACT_PATH, sidecar_of
from providers.vocabulary import SOUTHERN_CALIFORNIA

from .support import shared

SOURCE = shared("samhsa/mh_2022_california.csv")


def test_the_extract_command_reproduces_the_committed_file_and_its_source_note(tmp_path):
    out = tmp_path / EXTRACT_PATH.name
    done = subprocess.run(
        [sys.executable, "-m", "providers", "extract-samhsa", str(SOURCE), str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == EXTRACT_PATH.read_bytes()
    assert sidecar_of(out).read_bytes() == sidecar_of(EXTRACT_PATH).read_bytes()


def test_the_extract_is_compact_southern_california_only_and_names_its_source():
    with EXTRACT_PATH.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)

    assert tuple(reader.fieldnames) == COLUMNS
    assert {geo.zip_place(row["zip"][:5]).county for row in rows} == set(SOUTHERN_CALIFORNIA)
    assert all(set(row["service_code_info"].split()) <= USED_CODES for row in rows)
    note = sidecar_of(EXTRACT_PATH).read_text(encoding="utf-8")
    assert "source_file: mh_2022_california.csv" in note and 'listed: "2022"' in note
    assert f"rows: {len(rows)}" in note
