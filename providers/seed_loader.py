"""Load the project's curated seed (`seed/resources.csv`) into the directory, idempotently.

Each row is validated and normalized first; a bad row is rejected with a reason and the others
still load. A row whose content (and geocoded point) has not changed since the last load is left
untouched, so `imported_at` keeps meaning "last changed". Rows are keyed by their stable `id`.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import delete, exists
from sqlalchemy.orm import Session

from providers import geo
from providers.models import (Address, Attribute, Language, Location, Organization, Phone, Service,
                              ServiceArea, ServiceAtLocation)
from providers.vocabulary import (BABY_FRIENDLY, CARE_TYPES, COSTS, FORMATS, LANGUAGES, OWNERSHIPS, STATUSES,
                                  WIDE_AREA_NAMES, code)

SEED_PATH = Path(__file__).with_name("seed") / "resources.csv"
SOURCE = "seed"
COLUMNS = (
    "id", "name", "organization", "ownership", "description", "care_types", "baby_friendly", "languages",
    "formats", "cost", "phone", "phone_note", "address", "city", "zip", "county", "website", "eligibility",
    "status", "alert", "source_url", "source_date", "verified", "verified_by", "last_verified_at",
)
_REQUIRED = ("id", "name", "description", "care_types", "county", "source_url", "source_date", "verified")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REMOTE_FORMATS = frozenset({"phone", "virtual"})


class RowError(ValueError):
    """Why a seed row cannot be loaded, in words staff can act on."""


@dataclass(frozen=True)
class Rejection:
    line: int
    row_id: str
    reason: str


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    def summary(self) -> str:
        return (f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
                f"rejected {len(self.rejected)}")


@dataclass(frozen=True)
class SeedRow:
    """One validated, normalized seed row, with its point when it has a place of its own."""

    id: str
    name: str
    organization: str | None
    ownership: str
    description: str
    care_types: tuple[str, ...]
    baby_friendly: bool
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    cost: str
    phone: str | None
    phone_note: str | None
    address: str | None
    city: str | None
    zip: str | None
    areas: tuple[str, ...]  # county names, or ("statewide",) / ("national",)
    website: str | None
    eligibility: str | None
    status: str
    alert: str | None
    source_url: str
    source_date: str
    verified_by: str | None
    last_verified_at: date | None
    point: geo.Place | None
    precision: str | None

    def checksum(self) -> str:
        payload = json.dumps(asdict(self), sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


def load_seed(session: Session, path: Path = SEED_PATH) -> LoadReport:
    """Add or update every valid row of the seed CSV at `path`; the caller commits."""
    report = LoadReport()
    first_line: dict[str, int] = {}
    ownership_of: dict[str, str] = {}
    now = datetime.now(timezone.utc)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in COLUMNS if column not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: missing columns: {', '.join(missing)}")
        for raw in reader:
            line = reader.line_num
            try:
                row = _parse_row(raw)
                _check_against_file(row, first_line, ownership_of)
                outcome = _upsert(session, row, now)
            except RowError as error:
                report.rejected.append(Rejection(line, (raw.get("id") or "").strip(), str(error)))
                continue
            first_line[row.id] = line
            getattr(report, outcome).append(row.id)
    orphans = delete(Organization).where(~exists().where(Service.organization_id == Organization.id))
    session.execute(orphans.execution_options(synchronize_session="fetch"))
    return report


def _parse_row(raw: dict[str, str | None]) -> SeedRow:
    """Validate and normalize one CSV row; raises RowError."""
    value = {column: (raw.get(column) or "").strip() for column in COLUMNS}
    for column in _REQUIRED:
        if not value[column]:
            raise RowError(f"{column} is required")
    if not _SLUG.fullmatch(value["id"]):
        raise RowError(f"id {value['id']!r} must be a lowercase slug like 'hoag-postpartum-groups'")

    formats = _choices(value, "formats", FORMATS)
    phone = normalize_phone(value["phone"]) if value["phone"] else None
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

    areas = _areas(value["county"])
    point, precision = _point(formats, zip_code, city)
    if point is not None and (len(areas) != 1 or areas[0] != point.county):
        raise RowError(f"{zip_code or city} is in {point.county} County, but county says {value['county']!r}")
    return SeedRow(
        id=value["id"],
        name=value["name"],
        organization=value["organization"] or None,
        ownership=_one_of(value, "ownership", OWNERSHIPS, default="unknown"),
        description=value["description"],
        care_types=_choices(value, "care_types", CARE_TYPES),
        baby_friendly=_one_of(value, "baby_friendly", ("yes", "unknown"), default="unknown") == "yes",
        languages=_choices(value, "languages", LANGUAGES),
        formats=formats,
        cost=_one_of(value, "cost", COSTS, default="unknown"),
        phone=phone,
        phone_note=value["phone_note"] or None,
        address=value["address"] or None,
        city=city,
        zip=zip_code,
        areas=areas,
        website=_url(value, "website"),
        eligibility=value["eligibility"] or None,
        status=_one_of(value, "status", STATUSES, default="active"),
        alert=value["alert"] or None,
        source_url=_url(value, "source_url"),
        source_date=value["source_date"],
        verified_by=verified_by,
        last_verified_at=_date(value["last_verified_at"], verified_by),
        point=point,
        precision=precision,
    )


def normalize_phone(text: str) -> str:
    """A dialable US number as `1-AAA-EEE-NNNN`, or an N11 service code such as `211`."""
    digits = re.sub(r"\D", "", text)
    if re.fullmatch(r"[2-9]11", digits):
        return digits
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01":
        raise RowError(f"phone {text!r} is not one dialable US number (put extra numbers in phone_note)")
    return f"1-{digits[:3]}-{digits[3:6]}-{digits[6:]}"


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


def _check_against_file(row: SeedRow, first_line: dict[str, int], ownership_of: dict[str, str]) -> None:
    if row.id in first_line:
        raise RowError(f"duplicate id (first used on line {first_line[row.id]})")
    if row.organization:
        known = ownership_of.setdefault(row.organization, row.ownership)
        if known != row.ownership:
            raise RowError(f"ownership {row.ownership!r} contradicts {known!r} given for {row.organization!r}")


def _upsert(session: Session, row: SeedRow, now: datetime) -> str:
    checksum = row.checksum()
    existing = session.get(Service, row.id)
    if existing is not None and existing.source != SOURCE:
        raise RowError(f"id already used by a service imported from {existing.source!r}")
    if existing is not None and existing.source_checksum == checksum:
        return "unchanged"
    if existing is not None:
        for link in existing.service_at_locations:
            session.delete(link.location)
        session.delete(existing)
        session.flush()
    session.add(_build_service(session, row, checksum, now))
    session.flush()
    return "added" if existing is None else "updated"


def _build_service(session: Session, row: SeedRow, checksum: str, now: datetime) -> Service:
    sid = row.id
    service = Service(
        id=sid, name=row.name, description=row.description, url=row.website,
        eligibility_description=row.eligibility, status=row.status, alert=row.alert,
        source=SOURCE, source_url=row.source_url, source_date=row.source_date, source_checksum=checksum,
        imported_at=now, last_verified_at=row.last_verified_at, verified_by=row.verified_by,
        organization=_organization(session, row),
        attributes=[Attribute(id=f"{sid}:{term}", code=term) for term in _codes(row)],
        languages=[Language(id=f"{sid}:lang:{lang}", code=lang, name=LANGUAGES[lang]) for lang in row.languages],
        phones=[Phone(id=f"{sid}:phone", number=row.phone, description=row.phone_note)] if row.phone else [],
    )
    if row.point is None:
        service.service_areas = [
            ServiceArea(id=f"{sid}:area:{area}", scope="county", name=area) if area not in WIDE_AREA_NAMES
            else ServiceArea(id=f"{sid}:area:{area}", scope=area, name=WIDE_AREA_NAMES[area])
            for area in row.areas
        ]
    else:
        location = Location(
            id=f"{sid}:location", name=row.name, latitude=row.point.latitude, longitude=row.point.longitude,
            precision=row.precision,
            addresses=[Address(id=f"{sid}:address", address_1=row.address, city=row.city,
                               region=row.areas[0], postal_code=row.zip)],
        )
        service.service_at_locations = [ServiceAtLocation(id=f"{sid}:at", location=location)]
    return service


def _organization(session: Session, row: SeedRow) -> Organization | None:
    if row.organization is None:
        return None
    org_id = "org-" + re.sub(r"[^a-z0-9]+", "-", geo.normalize(row.organization)).strip("-")[:100]
    organization = session.get(Organization, org_id) or Organization(id=org_id)
    organization.name, organization.legal_status = row.organization, row.ownership
    return organization


def _codes(row: SeedRow) -> list[str]:
    codes = [code("care", care) for care in row.care_types] + [code("format", fmt) for fmt in row.formats]
    if row.cost != "unknown":
        codes.append(code("cost", row.cost))
    if row.baby_friendly:
        codes.append(BABY_FRIENDLY)
    return codes
