"""The default directory's compact extract of SAMHSA's 2022 mental-health directory (issue 13).

`python -m providers extract-samhsa SOURCE [OUT]` keeps the rows of SAMHSA's file (.csv or .xlsx, the
national or the California file) whose ZIP code lies in a Southern California county, only the columns
the importer reads, and in `service_code_info` only the codes it maps. It writes the extract and, beside
it, a `.source.yml` naming the source file (with its SHA-256), where it is published and the year it
lists. The same source always gives the same bytes, so a test can check the committed file.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from providers import geo
from providers.importers.samhsa import COLUMNS, DIRECTORIES, SOURCE_DATE, SOURCE_URL, USED_CODES, source_rows
from providers.vocabulary import SOUTHERN_CALIFORNIA

EXTRACT_PATH = Path(__file__).resolve().parent.parent / "seed" / "samhsa-socal-mh-2022.csv"
DIRECTORY = "mh"


def sidecar_of(extract: Path) -> Path:
    return extract.with_suffix(".source.yml")


def extract_samhsa(source: Path, out: Path = EXTRACT_PATH) -> int:
    """Write the Southern California extract of `source` to `out` (and its sidecar); the rows kept."""
    text, kept = extract_text(source)
    out.write_text(text, encoding="utf-8")
    sidecar_of(out).write_text(_sidecar(source, out, kept), encoding="utf-8")
    return kept


def extract_text(source: Path) -> tuple[str, int]:
    """The extract's CSV text and its number of rows."""
    rows = source_rows(source)
    header = [str(cell or "").strip() for cell in next(rows, [])]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    kept = 0
    for cells in rows:
        value = {column: str(cell).strip() if cell is not None else "" for column, cell in zip(header, cells)}
        if _in_southern_california(value):
            codes = value["service_code_info"].replace("*", " ").split()
            value["service_code_info"] = " ".join(dict.fromkeys(c for c in codes if c in USED_CODES))
            writer.writerow([value[column] for column in COLUMNS])
            kept += 1
    return buffer.getvalue(), kept


def _in_southern_california(value: dict[str, str]) -> bool:
    place = geo.zip_place(value.get("zip", "")[:5]) if value.get("state") == "CA" else None
    return place is not None and place.county in SOUTHERN_CALIFORNIA


def _sidecar(source: Path, out: Path, kept: int) -> str:
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    counties = ", ".join(SOUTHERN_CALIFORNIA)
    return (
        "# Written by `python -m providers extract-samhsa`; do not edit by hand (re-run it instead).\n"
        f"file: {out.name}\n"
        f"source: {DIRECTORIES[DIRECTORY]} (SAMHSA, U.S. public domain)\n"
        f"source_url: {SOURCE_URL}\n"
        f"source_file: {source.name}\n"
        f"source_sha256: {digest}\n"
        f'listed: "{SOURCE_DATE}"  # the year SAMHSA listed these facilities: patients are told to call to confirm\n'
        f"counties: [{counties}]\n"
        f"rows: {kept}\n"
        f"command: python -m providers extract-samhsa {source.name} {out.name}\n"
    )
