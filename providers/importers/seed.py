"""The project's curated seed (`providers/seed/resources.csv`) -> directory records.

Each row is validated and normalized; a bad row is rejected with a reason and the others still
load. Rows are keyed by their stable `id` (a slug), which is the service's id in the database.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path
from typing import Iterator

from sqlalchemy.orm import Session

from providers import geo
from providers.importers.record import (
    LocationRecord,
    OrganizationRecord,
    ScheduleRecord,
    ServiceRecord,
    normalize_phone,
    slug,
)
from providers.importers.report import FileRefused, ImportReport, RowError
from providers.importers.store import Row, save
from providers.importers.unlisted import SourceScope
from providers.vocabulary import (
    BABY_FRIENDLY,
    CARE_TYPES,
    COSTS,
    FORMATS,
    LANGUAGES,
    OPEN_24_7,
    OWNERSHIPS,
    SERVES,
    STATUSES,
    WIDE_AREA_NAMES,
    code,
)

SEED_PATH = Path(__file__).resolve().parent.parent / "seed" / "resources.csv"
SOURCE = "seed"
COLUMNS = (
    "id",
    "name",
    "organization",
    "ownership",
    "description",
    "care_types",
    "baby_friendly",
    "languages",
    "formats",
    "cost",
    "phone",
    "phone_note",
    "address",
    "city",
    "zip",
    "county",
    "website",
    "eligibility",
    "status",
    "alert",
    "source_url",
    "source_date",
    "verified",
    "verified_by",
    "last_verified_at",
)
# Added for issue 13; a seed file without them still loads (who it serves and its hours unknown).
LATER_COLUMNS = ("serves", "hours", "verified_how")
OPEN_24_7_WORDS = "24/7"
_REQUIRED = ("id", "name", "description", "care_types", "county", "source_url", "source_date", "verified")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REMOTE_FORMATS = frozenset({"phone", "virtual"})


def import_seed(session: Session, path: Path = SEED_PATH, close_missing: bool = False) -> ImportReport:
    """Add or update every valid row of the seed CSV at `path`; the caller commits.

    With `close_missing`, the seed services the file no longer has are closed.
    """
    scope = SourceScope(SOURCE, "the Care Finder seed") if close_missing else None
    return save(session, read_seed(path), close_missing=scope)


def read_seed(path: Path) -> Iterator[Row]:
    """(line, id, record or why not) for each row; FileRefused when a column is missing."""
    ownership_of: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in COLUMNS if column not in (reader.fieldnames or ())]
        if missing:
            raise FileRefused(f"{path}: missing columns: {', '.join(missing)}")
        for raw in reader:
            try:
                record = _parse_row(raw)
                _check_ownership(record, ownership_of)
            except RowError as error:
                error.service_id = (raw.get("id") or "").strip()
                yield reader.line_num, error.service_id, error
            else:
                yield reader.line_num, record.id, record


def _parse_row(raw: dict[str, str | None]) -> ServiceRecord:
    """Validate and normalize one CSV row; raises RowError."""
    value = {column: (raw.get(column) or "").strip() for column in COLUMNS + LATER_COLUMNS}
    for column in _REQUIRED:
        if not value[column]:
            raise RowError(f"{column} is required")
    if not _SLUG.fullmatch(value["id"]):
        raise RowError(f"id {value['id']!r} must be a lowercase slug like 'hoag-postpartum-groups'")

    formats = _choices(value, "formats", FORMATS)
    phone = _phone(value["phone"]) if value["phone"] else None
    if value["phone_note"] and not phone:
        raise RowError("phone_note needs a phone")
    zip_code, city = value["zip"] or None, value["city"] or None
    if zip_code and geo.zip_place(zip_code) is None:
        raise RowError(f"zip {zip_code} is not a California ZIP code")
    if city and geo.city_place(city) is None:
        raise RowError(f"city {city!r} is not a California city known to the ZIP data")
    if value["address"] and not (zip_code or city):
        raise RowError("an address needs its city or ZIP")
    if not (phone or value["website"] or value["address"]):
        raise RowError("no way to reach it: give a phone, website or address")
    verified_by = value["verified_by"] or None
    if _one_of(value, "verified", ("yes", "no")) != ("yes" if verified_by else "no"):
        raise RowError("verified=yes needs verified_by, and verified=no must leave verified_by empty")
    if verified_by and not (value["verified_how"] and value["last_verified_at"]):
        raise RowError("verified=yes means a person confirmed it: give verified_how and last_verified_at too")

    areas = _areas(value["county"])
    point, precision = _point(formats, zip_code, city)
    if point is not None and (len(areas) != 1 or areas[0] != point.county):
        raise RowError(f"{zip_code or city} is in {point.county} County, but county says {value['county']!r}")
    organization = value["organization"] or None
    ownership = _one_of(value, "ownership", OWNERSHIPS, default="unknown")
    verified_at = _date(value["last_verified_at"], verified_by)
    return ServiceRecord(
        id=value["id"],
        name=value["name"],
        description=value["description"],
        source=SOURCE,
        source_url=_url(value, "source_url"),
        source_date=value["source_date"],
        organization=organization and OrganizationRecord("org-" + slug(organization)[:100], organization, ownership),
        url=_url(value, "website"),
        eligibility=value["eligibility"] or None,
        status=_one_of(value, "status", STATUSES, default="active"),
        alert=value["alert"] or None,
        verified_by=verified_by,
        verified_how=value["verified_how"] or None,
        last_verified_at=verified_at,
        codes=_codes(value, formats),
        schedules=(ScheduleRecord("hours", description=value["hours"]),) if value["hours"] else (),
        languages=_choices(value, "languages", LANGUAGES),
        phones=((phone, value["phone_note"] or None),) if phone else (),
        locations=(
            LocationRecord(
                name=value["name"],
                latitude=point.latitude,
                longitude=point.longitude,
                precision=precision,
                address_1=value["address"] or None,
                city=city,
                region=areas[0],
                postal_code=zip_code,
            ),
        )
        if point
        else (),
        areas=() if point else tuple(_area(area) for area in areas),
    )


def _choices(value: dict[str, str], column: str, allowed) -> tuple[str, ...]:
    items = tuple(item.strip() for item in value[column].split(";") if item.strip())
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise RowError(f"{column}: unknown {', '.join(unknown)} (allowed: {', '.join(allowed)})")
    return items


def _one_of(value: dict[str, str], column: str, allowed, default: str | None = None) -> str:
    item = value[column] or default
    if item not in allowed:
        raise RowError(f"{column}: {value[column]!r} is not one of {', '.join(allowed)}")
    return item


def _url(value: dict[str, str], column: str) -> str | None:
    url = value[column] or None
    if url and not url.startswith(("http://", "https://")):
        raise RowError(f"{column} must start with http:// or https://")
    return url


def _date(text: str, verified_by: str | None) -> date | None:
    if not text:
        return None
    if not verified_by:
        raise RowError("last_verified_at needs verified=yes and verified_by")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RowError(f"last_verified_at {text!r} is not a date like 2025-03-18") from None


def _areas(text: str) -> tuple[str, ...]:
    areas = tuple(item.strip() for item in text.split(";") if item.strip())
    wide = [area for area in areas if area in WIDE_AREA_NAMES]
    if wide and len(areas) > 1:
        raise RowError("county: 'statewide' or 'national' stands alone")
    unknown = [area for area in areas if area not in WIDE_AREA_NAMES and area not in geo.counties()]
    if unknown:
        raise RowError(f"county: {', '.join(unknown)} is not a California county, 'statewide' or 'national'")
    return areas


def _point(formats: tuple[str, ...], zip_code: str | None, city: str | None) -> tuple[geo.Place | None, str | None]:
    """A ZIP or city centre for services a patient can walk into; phone/online-only ones get none."""
    if formats and set(formats) <= _REMOTE_FORMATS:
        return None, None
    if zip_code:
        return geo.zip_place(zip_code), "zip"
    if city:
        return geo.city_place(city), "city"
    return None, None


def _phone(text: str) -> str:
    try:
        return normalize_phone(text)
    except RowError as error:
        raise RowError(f"{error} (put extra numbers in phone_note)") from None


def _area(area: str) -> tuple[str, str]:
    return (area, WIDE_AREA_NAMES[area]) if area in WIDE_AREA_NAMES else ("county", area)


def _check_ownership(record: ServiceRecord, ownership_of: dict[str, str]) -> None:
    org = record.organization
    if org:
        known = ownership_of.setdefault(org.name, org.legal_status)
        if known != org.legal_status:
            raise RowError(f"ownership {org.legal_status!r} contradicts {known!r} given for {org.name!r}")


def _codes(value: dict[str, str], formats: tuple[str, ...]) -> tuple[str, ...]:
    codes = [code("care", care) for care in _choices(value, "care_types", CARE_TYPES)]
    codes += [code("format", fmt) for fmt in formats]
    cost = _one_of(value, "cost", COSTS, default="unknown")
    if cost != "unknown":
        codes.append(code("cost", cost))
    if _one_of(value, "baby_friendly", ("yes", "unknown"), default="unknown") == "yes":
        codes.append(BABY_FRIENDLY)
    codes += [code("serves", group) for group in _choices(value, "serves", SERVES)]
    if value["hours"] == OPEN_24_7_WORDS:  # only the source's own "24/7" makes a service open around the clock
        codes.append(OPEN_24_7)
    return tuple(codes)
