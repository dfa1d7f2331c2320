"""SAMHSA's national directories of mental-health (MH) and substance-use (SA) treatment facilities.

Read as published (`National_Directory_MH_Facilities_2022.xlsx`, sheet "Facilities List") or as a
CSV extract with the same columns. Each row's `service_code_info` lists SAMHSA service codes (see the
files' "Service Code Reference"); the ones the directory filters on become attributes. A row has no
id of its own, so its id is a fingerprint of the directory (MH or SA), names and street address:
a re-import updates the facility in place as long as it has not moved or been renamed.
"""

from __future__ import annotations

import csv
import hashlib
import re
import zipfile
from pathlib import Path
from typing import Iterable, Iterator

from sqlalchemy.orm import Session

from providers.importers.record import OrganizationRecord, ServiceRecord, phone_with_extension, slug, zip_location
from providers.importers.report import FileRefused, ImportReport, RowError
from providers.importers.store import Row, save
from providers.importers.unlisted import SourceScope
from providers.vocabulary import CHILD_CARE, OUTPATIENT, OVERNIGHT_ONLY, code

SOURCE = "samhsa"
SHEET = "Facilities List"
COLUMNS = (
    "name1",
    "name2",
    "street1",
    "street2",
    "city",
    "state",
    "zip",
    "phone",
    "intake1",
    "intake2",
    "service_code_info",
)
# Both directories come from SAMHSA's N-SUMHSS survey; this page links them.
SOURCE_URL = (
    "https://www.samhsa.gov/data/data-we-collect/n-sumhss-national-substance-use-and-mental-health-services-survey"
)
DIRECTORIES = {
    "mh": "National Directory of Mental Health Treatment Facilities 2022",
    "sa": "National Directory of Drug and Alcohol Use Treatment Facilities 2022",
}
SOURCE_DATE = "2022"

# Facility operation -> ownership. Every government, tribal, IHS, VA and military operator is public.
OWNERSHIP = {
    "PVTN": "nonprofit",
    "PVTP": "for_profit",
    **dict.fromkeys(("LCCG", "STG", "FED", "TBG", "IH", "DDF", "VAMC"), "public"),
}
# Service code -> directory attribute. PEFP (first-episode psychosis) is NOT perinatal.
ATTRIBUTES = {
    "SA": code("care", "substance_use"),
    "IPT": code("care", "individual_therapy"),
    "GT": code("care", "group_therapy"),
    "PHDT": code("care", "post_discharge"),
    "ODT": code("care", "post_discharge"),
    "OIT": code("care", "post_discharge"),
    "CHLD": code("care", "child_teen"),
    "AD": code("care", "child_teen"),
    "PW": code("care", "postpartum"),  # pregnant/postpartum women (SA directory)
    "CCC": CHILD_CARE,
    "BC": CHILD_CARE,  # child care / residential beds for clients' children
    "OP": OUTPATIENT,
    "TELE": code("format", "virtual"),
    "MD": code("cost", "medi_cal"),  # Medicaid is Medi-Cal in California
    "MC": code("cost", "medicare"),
    "PI": code("cost", "insurance"),
    "SS": code("cost", "sliding_scale"),
    "NP": code("cost", "free"),  # no payment accepted
}
# Age groups accepted (codebook category AGE): a facility listing only CHLD serves children and teens only.
# SA's AD (adolescents) is a special program, not an age limit, so it is not here.
SERVES = {
    "ADLT": code("serves", "adults"),
    "YAD": code("serves", "adults"),  # young adults, 18-25
    "SNR": code("serves", "adults"),  # seniors, 65 and older
    "CHLD": code("serves", "children_teens"),
    "VAMC": code("serves", "veterans"),  # run by the VA
    "DDF": code("serves", "members"),  # run by the Department of Defense: military members and families
}
# Medications prescribed (codebook category PHR, MH directory): psychiatric care with medication.
PSYCHIATRY = frozenset(
    "CHLOR DROPE FLUPH HALOP LOXAP PERPH PIMOZ PROCH THIOT THIOR TRIFL ARIPI ASENA BREXP CARIP CLOZA ILOPE "
    "LURAS OLANZ OLANZF PALIP QUETI RISPE ZIPRA ANTPYCH".split()
)
# Settings (codebook category SET): overnight stays, and visits without one.
OVERNIGHT = frozenset({"RES", "HI"})
VISITS = frozenset({"OP", "PHDT"})
# Outpatient mental-health clinics (facility types CMHC, CBHC, OMH; MHC) give general mental-health support.
GENERAL_SUPPORT = frozenset({"CMHC", "CBHC", "OMH", "MHC"})
LANGUAGE_CODES = {"SP": "es", "F4": "ar", "F17": "zh", "F25": "fa", "F47": "ko", "F70": "ru", "F81": "tl", "F92": "vi"}
_DESCRIBED = {
    "MH": "mental health treatment",
    "SA": "substance use treatment",
    "OP": "outpatient",
    "PHDT": "partial hospitalization / day treatment",
    "RES": "residential",
    "HI": "hospital inpatient",
    "TELE": "telehealth",
}
# Every code a row's `service_code_info` is read for; the committed extract keeps only these.
USED_CODES = frozenset(
    {*OWNERSHIP, *ATTRIBUTES, *SERVES, *PSYCHIATRY, *GENERAL_SUPPORT, *OVERNIGHT, *VISITS, *LANGUAGE_CODES, *_DESCRIBED}
)
_KIND = re.compile(r"(?:^|[^a-z])(mh|sa)(?:[^a-z]|$)")


def import_samhsa(
    session: Session, path: Path, directory: str | None = None, close_missing: bool = False
) -> ImportReport:
    """Import a SAMHSA directory (.xlsx or .csv); `directory` "mh"/"sa", else read from the file name.

    With `close_missing`, the same directory's facilities the file does not list are closed.
    """
    directory = directory or directory_of(path)
    scope = SourceScope(SOURCE, f"SAMHSA's {directory.upper()} directory", f"{SOURCE}-{directory}-")
    return save(session, read_samhsa(path, directory), close_missing=scope if close_missing else None)


def directory_of(path: Path) -> str:
    found = _KIND.findall(path.stem.lower())
    if len(set(found)) != 1:
        raise FileRefused(
            f"{path.name}: cannot tell the MH from the SA directory by the file name; "
            "say which with --directory mh or --directory sa"
        )
    return found[0]


def read_samhsa(path: Path, directory: str) -> Iterator[Row]:
    if directory not in DIRECTORIES:
        raise FileRefused(f"unknown SAMHSA directory {directory!r}: mh or sa")
    rows = source_rows(path)
    header = [str(cell or "").strip() for cell in next(rows, [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise FileRefused(f"{path.name} is not a SAMHSA directory: missing columns {', '.join(missing)}")
    for line, cells in enumerate(rows, start=2):
        value = {column: str(cell).strip() if cell is not None else "" for column, cell in zip(header, cells)}
        if not any(value.values()):
            continue
        try:
            record = _record(value, directory)
        except RowError as error:
            error.service_id = service_id(value, directory)
            yield line, name1_of(value), error
        else:
            yield line, name1_of(value), record


def source_rows(path: Path) -> Iterator[Iterable]:
    """The file's rows as cells, its header first (.xlsx: the "Facilities List" sheet; else CSV)."""
    return _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)


def _xlsx_rows(path: Path) -> Iterator[Iterable]:
    from openpyxl import load_workbook  # only needed for .xlsx

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise FileRefused(f"{path.name} is not a readable .xlsx workbook: {error}") from None
    if SHEET not in workbook.sheetnames:
        raise FileRefused(
            f"{path.name} is not a SAMHSA directory: no sheet {SHEET!r} (sheets: {', '.join(workbook.sheetnames)})"
        )
    try:
        yield from workbook[SHEET].iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(path: Path) -> Iterator[list[str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True)
            yield from reader
    except (csv.Error, UnicodeDecodeError) as error:
        raise FileRefused(f"{path.name} is not a readable CSV file: {error}") from None


def _record(value: dict[str, str], directory: str) -> ServiceRecord:
    name1, name2 = value["name1"], value["name2"]
    if not name1:
        raise RowError("no name")
    codes = value["service_code_info"].replace("*", " ").split()
    phones = tuple(_phone(value, column) for column in ("phone", "intake1", "intake2") if value[column])
    location = zip_location(
        value["zip"],
        name=name2 or name1,
        address_1=", ".join(part for part in (value["street1"], value["street2"]) if part),
        city=value["city"] or None,
    )
    ownership = next((OWNERSHIP[c] for c in codes if c in OWNERSHIP), "unknown")
    title = DIRECTORIES[directory]
    return ServiceRecord(
        id=service_id(value, directory),
        name=name2 or name1,
        description=_description(codes, title),
        source=SOURCE,
        source_url=SOURCE_URL,
        source_date=SOURCE_DATE,
        organization=OrganizationRecord(
            f"samhsa-org-{slug(name1)[:80]}-{location.state_province.lower()}", name1, ownership
        ),
        codes=_codes(codes),
        languages=tuple(dict.fromkeys(LANGUAGE_CODES[c] for c in codes if c in LANGUAGE_CODES)),
        phones=tuple(dict.fromkeys(phones)),
        locations=(location,),
    )


def _codes(codes: list[str]) -> tuple[str, ...]:
    """The directory attributes of a row's service codes. No SAMHSA code says when a facility is open, so
    none gives `hours:24_7` (HI and RES are 24-hour settings: overnight stays, not a line to call any time)."""
    found = [ATTRIBUTES[c] for c in codes if c in ATTRIBUTES] + [SERVES[c] for c in codes if c in SERVES]
    if PSYCHIATRY.intersection(codes):
        found.append(code("care", "psychiatry"))
    if GENERAL_SUPPORT.intersection(codes):
        found.append(code("care", "other"))
    if OVERNIGHT.intersection(codes) and not VISITS.intersection(codes):
        found.append(OVERNIGHT_ONLY)
    return tuple(dict.fromkeys(found + [code("format", "in_person")]))


def service_id(value: dict[str, str], directory: str) -> str:
    """The row's id: a fingerprint of the directory, names and street address (also for a rejected row)."""
    key = "|".join(
        [directory, value["name1"], value["name2"], value["street1"], value["city"], value["state"], value["zip"][:5]]
    )
    return f"{SOURCE}-{directory}-{hashlib.sha1(key.lower().encode()).hexdigest()[:16]}"


def _phone(value: dict[str, str], column: str) -> tuple[str, str | None]:
    try:
        number, extension = phone_with_extension(value[column])
    except RowError as error:
        raise RowError(f"{column}: {error}") from None
    note = [extension] if extension else []
    return number, "; ".join(note + ["intake"] if column != "phone" else note) or None


def _description(codes: list[str], title: str) -> str:
    offered = [_DESCRIBED[c] for c in dict.fromkeys(codes) if c in _DESCRIBED]
    return (
        ", ".join(offered).capitalize() + "." if offered else "Treatment facility."
    ) + f" Listed in SAMHSA's {title}."


def name1_of(value: dict[str, str]) -> str:
    """How a report names a SAMHSA row, which has no id of its own."""
    return " - ".join(part for part in (value["name1"], value["name2"]) if part) or "(no name)"
