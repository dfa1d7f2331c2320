"""A service as every importer hands it to the store: normalized, validated, source-neutral."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import date, time

from providers import geo
from providers.importers.report import RowError

_ZIP = re.compile(r"\d{5}(?:-?\d{4})?")
_EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension)\s*(\d{1,6})\s*$", re.IGNORECASE)
# Fields added after directories were first imported: left out of the checksum while empty, so a record
# that has none of them keeps the checksum it had and its re-import stays "unchanged".
_LATER_FIELDS = ("schedules", "cost_options", "verified_how")


@dataclass(frozen=True)
class OrganizationRecord:
    id: str
    name: str
    legal_status: str  # vocabulary.OWNERSHIPS


@dataclass(frozen=True)
class LocationRecord:
    name: str | None
    latitude: float
    longitude: float
    precision: str  # "address" (the source's own point), "zip" or "city" (a centre)
    address_1: str | None = None
    city: str | None = None
    region: str | None = None  # county
    state_province: str = "CA"
    postal_code: str | None = None


@dataclass(frozen=True)
class ScheduleRecord:
    """When a service is offered, with HSDS `schedule` field names; `id` is the source's."""

    id: str
    location: int | None = None  # index into the service's `locations`; None: wherever it is offered
    valid_from: date | None = None
    valid_to: date | None = None
    freq: str | None = None  # WEEKLY or MONTHLY
    interval: int | None = None
    byday: str | None = None  # "TH,FR", "1MO,-1FR"
    opens_at: time | None = None
    closes_at: time | None = None
    description: str | None = None
    notes: str | None = None
    attending_type: str | None = None


@dataclass(frozen=True)
class CostOptionRecord:
    """What a service costs, with HSDS `cost_option` field names; `id` is the source's."""

    id: str
    valid_from: date | None = None
    valid_to: date | None = None
    option: str | None = None
    currency: str | None = None  # ISO 4217, upper case
    amount: float | None = None
    amount_description: str | None = None


@dataclass(frozen=True)
class ServiceRecord:
    """`status`, `alert`, `verified_by`, `verified_how` and `last_verified_at` None: the source is silent,
    staff decide."""

    id: str
    name: str
    description: str
    source: str
    source_url: str
    source_date: str
    organization: OrganizationRecord | None = None
    url: str | None = None
    eligibility: str | None = None
    status: str | None = None
    alert: str | None = None
    verified_by: str | None = None
    last_verified_at: date | None = None
    verified_how: str | None = None  # how the person in `verified_by` confirmed it
    codes: tuple[str, ...] = ()  # attribute codes, e.g. "care:postpartum"
    languages: tuple[str, ...] = ()  # ISO 639-1
    phones: tuple[tuple[str, str | None], ...] = ()  # (number, description)
    locations: tuple[LocationRecord, ...] = ()
    areas: tuple[tuple[str, str], ...] = ()  # (scope, name): ("county", "Orange"), ("national", "United States")
    schedules: tuple[ScheduleRecord, ...] = ()
    cost_options: tuple[CostOptionRecord, ...] = ()

    def checksum(self) -> str:
        fields = {name: value for name, value in asdict(self).items() if value or name not in _LATER_FIELDS}
        payload = json.dumps(fields, sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


def normalize_phone(text: str) -> str:
    """A dialable US number as `1-AAA-EEE-NNNN`, or an N11 service code such as `211`; else RowError."""
    digits = re.sub(r"\D", "", text)
    if re.fullmatch(r"[2-9]11", digits):
        return digits
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01":
        raise RowError(f"phone {text!r} is not one dialable US number")
    return f"1-{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def phone_with_extension(text: str) -> tuple[str, str | None]:
    """`205-933-8101 x5508` -> ("1-205-933-8101", "ext. 5508"); RowError when not one dialable number."""
    match = _EXTENSION.search(text)
    number = normalize_phone(text[: match.start()] if match else text)
    return number, match and f"ext. {match.group(1)}"


def zip_location(
    zip_code: str, name: str | None = None, address_1: str | None = None, city: str | None = None
) -> LocationRecord:
    """A location at the centre of a US ZIP code; RowError when the ZIP is not one."""
    place = geo.us_zip_place(zip_code) if _ZIP.fullmatch(zip_code.strip()) else None
    if place is None:
        raise RowError(f"unknown ZIP code {zip_code!r}")
    return LocationRecord(
        name=name,
        latitude=place.latitude,
        longitude=place.longitude,
        precision="zip",
        address_1=address_1,
        city=city,
        region=place.county,
        state_province=place.state,
        postal_code=place.zip_code,
    )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", geo.normalize(text)).strip("-")
