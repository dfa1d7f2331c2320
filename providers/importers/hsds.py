"""An Open Referral HSDS 3.0 tabular datapackage (a folder of CSV files + `datapackage.json`).

This is how a 211 or another directory exports its data. Files are found through datapackage.json's
resources (HSDS 3.0's names or ours) when it is readable, else by their HSDS names (services.csv, ...).
Services are keyed by their HSDS id (stored as `hsds-<id>`). A service's place is its location's
coordinates when valid, else its address's ZIP centre; attributes whose taxonomy term code is one of
the directory's (`care:postpartum`, `cost:free`...) are kept, which is also what `export` writes.
Schedules and cost options come with their service (`hsds_details`); a cost option of 0 valid today
makes a service `cost:free` when its attributes say nothing about cost.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Iterator

from sqlalchemy.orm import Session

from providers import geo
from providers.importers.hsds_details import free_now, read_details
from providers.importers.record import (
    LocationRecord,
    OrganizationRecord,
    ScheduleRecord,
    ServiceRecord,
    phone_with_extension,
    zip_location,
)
from providers.importers.report import FileRefused, ImportReport, RowError
from providers.importers.store import Row, save
from providers.importers.unlisted import SourceScope
from providers.vocabulary import FACETS, OWNERSHIPS, WIDE_AREA_NAMES, code

SOURCE = "hsds"
ID_PREFIX = "hsds-"
TABLES = (
    "services",
    "organizations",
    "locations",
    "addresses",
    "phones",
    "languages",
    "service_at_location",
    "service_areas",
    "attributes",
    "taxonomy_terms",
    "schedules",
    "cost_options",
)
REQUIRED_COLUMNS = {
    "services": ("id", "name"),
    "organizations": ("id", "name"),
    "locations": ("id", "latitude", "longitude"),
    "service_at_location": ("service_id", "location_id"),
    "schedules": ("id", "service_id"),
    "cost_options": ("id", "service_id"),
}
# HSDS 3.0 datapackages name resources in the singular ("schedule"); our export, like the file names, in the plural.
_SINGULAR = {"addresses": "address", "service_at_location": "service_at_location"}
RESOURCE_NAMES = {
    **{_SINGULAR.get(name, name.removesuffix("s")): name for name in TABLES},
    **{name: name for name in TABLES},
}
STATUSES = {"active": "active", "temporarily closed": "temporarily_closed", "inactive": "closed", "defunct": "closed"}
_OWNERSHIP_WORDS = {
    "nonprofit": "nonprofit",
    "non-profit": "nonprofit",
    "not for profit": "nonprofit",
    "charity": "nonprofit",
    "government": "public",
    "public": "public",
    "for-profit": "for_profit",
    "for profit": "for_profit",
}


def import_hsds(
    session: Session, folder: Path, source_url: str | None = None, close_missing: bool = False
) -> ImportReport:
    """Import the datapackage in `folder`; with `close_missing`, close the HSDS services it does not list.

    Every service imported from HSDS counts, whichever export it came from: use `close_missing` with
    a directory that loads one HSDS export only.
    """
    report = ImportReport()
    tables = read_tables(folder, report.warnings)
    scope = SourceScope(SOURCE, source_url or "the HSDS export", ID_PREFIX) if close_missing else None
    return save(session, read_services(tables, source_url or folder.resolve().as_uri(), report.warnings), report, scope)


def read_tables(folder: Path, warnings: list[str]) -> dict[str, list[dict[str, str]]]:
    """Every HSDS table the directory uses, as lists of rows (absent tables are empty)."""
    if not folder.is_dir():
        raise FileRefused(f"{folder} is not a folder: an HSDS datapackage is a folder of CSV files")
    paths = _resource_paths(folder, warnings)
    if "services" not in paths:
        raise FileRefused(f"{folder} has no services.csv: not an HSDS tabular datapackage")
    tables: dict[str, list[dict[str, str]]] = {}
    for name, path in paths.items():
        columns, tables[name] = _read_csv(path)
        missing = [column for column in REQUIRED_COLUMNS.get(name, ()) if column not in columns]
        if missing:
            raise FileRefused(f"{path.name}: missing HSDS columns {', '.join(missing)}")
    return {name: tables.get(name, []) for name in TABLES}


def _resource_paths(folder: Path, warnings: list[str]) -> dict[str, Path]:
    package = folder / "datapackage.json"
    standard = {name: folder / f"{name}.csv" for name in TABLES if (folder / f"{name}.csv").is_file()}
    if package.is_symlink() and not package.exists():
        warnings.append(
            f"datapackage.json is a broken link (to {package.readlink()}); reading the CSV files by their HSDS names"
        )
        return standard
    if not package.is_file():
        warnings.append("no datapackage.json; reading the CSV files by their HSDS names")
        return standard
    text = package.read_text(encoding="utf-8", errors="replace").strip()
    try:
        resources = json.loads(text)["resources"]
        return {
            RESOURCE_NAMES[r["name"]]: folder / r["path"]
            for r in resources
            if r.get("name") in RESOURCE_NAMES and r.get("path")
        }
    except (ValueError, KeyError, TypeError):
        hint = (
            f" (it holds only {text!r}: a link checked out as a text file)"
            if "\n" not in text and len(text) < 200
            else ""
        )
        warnings.append(f"datapackage.json is not a datapackage{hint}; reading the CSV files by their HSDS names")
        return standard


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle, strict=True)
            rows = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
            return list(reader.fieldnames or ()), rows
    except (csv.Error, UnicodeDecodeError, OSError) as error:
        raise FileRefused(f"{path.name} is not a readable CSV file: {error}") from None


def read_services(tables: dict[str, list[dict[str, str]]], source_url: str, warnings: list[str]) -> Iterator[Row]:
    by_service = {
        name: _group(tables[name], "service_id")
        for name in ("phones", "languages", "service_areas", "service_at_location")
    }
    organizations = {row["id"]: row for row in tables["organizations"] if row.get("id")}
    locations = {row["id"]: row for row in tables["locations"] if row.get("id")}
    addresses = _group(tables["addresses"], "location_id")
    terms = {row["id"]: row.get("code", "") for row in tables["taxonomy_terms"]}
    codes = defaultdict(list)
    for row in tables["attributes"]:
        term = terms.get(row.get("taxonomy_term_id", ""), "")
        if term.split(":")[0] in FACETS:
            codes[row.get("link_id", "")].append(term)
    details = read_details(tables, {row["id"] for row in tables["services"] if row.get("id")}, warnings)
    yield from details.rejected
    today = date.today()
    for line, row in enumerate(tables["services"], start=2):
        if not row.get("id"):
            continue
        places = [
            link["location_id"]
            for link in by_service["service_at_location"][row["id"]]
            if link.get("location_id") in locations
        ]
        cost_options = details.cost_options.get(row["id"], [])
        try:
            record = ServiceRecord(
                id=ID_PREFIX + row["id"],
                name=_required_name(row),
                description=row.get("description", ""),
                source=SOURCE,
                source_url=source_url,
                source_date=row.get("last_modified", "")[:10] or "undated",
                organization=_organization(organizations.get(row.get("organization_id", ""))),
                url=row.get("url") or None,
                eligibility=row.get("eligibility_description") or None,
                status=STATUSES.get(row.get("status", "").lower()),
                alert=row.get("alert") or None,
                verified_by=(row.get("assurer_email") or None) if row.get("assured_date") else None,
                last_verified_at=_date(row.get("assured_date", "")) if row.get("assurer_email") else None,
                codes=_with_free(codes[row["id"]], free_now(cost_options, today)),
                languages=tuple(lang["code"] for lang in by_service["languages"][row["id"]] if lang.get("code")),
                phones=tuple(_phone(phone) for phone in by_service["phones"][row["id"]] if phone.get("number")),
                locations=tuple(_location(locations[place], addresses[place]) for place in places),
                areas=tuple(area for area in map(_area, by_service["service_areas"][row["id"]]) if area),
                schedules=tuple(
                    _placed(schedule, location_id, places)
                    for schedule, location_id in details.schedules.get(row["id"], [])
                ),
                cost_options=tuple(cost_options),
            )
        except RowError as error:
            error.service_id = ID_PREFIX + row["id"]
            yield line, row["id"], error
        else:
            yield line, row["id"], record


def _with_free(codes: list[str], free: bool) -> tuple[str, ...]:
    """The attribute codes, plus `cost:free` for a free cost option when no code speaks of cost."""
    if free and not any(term.startswith("cost:") for term in codes):
        return (*codes, code("cost", "free"))
    return tuple(codes)


def _placed(schedule: ScheduleRecord, location_id: str, places: list[str]) -> ScheduleRecord:
    """The schedule tied to its place when the service has that place; else it holds wherever the service is."""
    return replace(schedule, location=places.index(location_id)) if location_id in places else schedule


def _group(rows: list[dict[str, str]], key: str) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        grouped[row.get(key, "")].append(row)
    return grouped


def _required_name(row: dict[str, str]) -> str:
    if not row.get("name"):
        raise RowError("no name")
    return row["name"]


def _organization(row: dict[str, str] | None) -> OrganizationRecord | None:
    if not row or not row.get("name"):
        return None
    status = row.get("legal_status", "").lower()
    ownership = next(
        (value for word, value in _OWNERSHIP_WORDS.items() if word in status),
        status if status in OWNERSHIPS else "unknown",
    )
    return OrganizationRecord(ID_PREFIX + row["id"], row["name"], ownership)


def _phone(row: dict[str, str]) -> tuple[str, str | None]:
    number, extension = phone_with_extension(row["number"].strip('"'))
    if row.get("extension"):
        extension = f"ext. {row['extension']}"
    return number, "; ".join(part for part in (extension, row.get("description")) if part) or None


def _location(row: dict[str, str], addresses: list[dict[str, str]]) -> LocationRecord:
    """The location's own point when valid, else its address's ZIP centre; RowError when neither."""
    address = addresses[0] if addresses else {}
    street = ", ".join(part for part in (address.get("address_1"), address.get("address_2")) if part) or None
    city = address.get("city") or None
    try:
        latitude, longitude = float(row.get("latitude", "")), float(row.get("longitude", ""))
    except ValueError:
        latitude = longitude = 1000.0
    if -90 <= latitude <= 90 and -180 <= longitude <= 180 and (latitude, longitude) != (0, 0):
        centre = geo.us_zip_place(address.get("postal_code") or "")
        at_centre = centre is not None and (centre.latitude, centre.longitude) == (latitude, longitude)
        return LocationRecord(
            name=row.get("name") or None,
            latitude=latitude,
            longitude=longitude,
            precision="zip" if at_centre else "address",
            address_1=street,
            city=city,
            region=address.get("region") or None,
            state_province=(address.get("state_province") or "CA")[:2],
            postal_code=(address.get("postal_code") or "")[:10] or None,
        )
    if not address.get("postal_code"):
        raise RowError(f"location {row.get('name') or row['id']!r} has no valid coordinates and no ZIP code")
    try:
        return zip_location(address["postal_code"], name=row.get("name") or None, address_1=street, city=city)
    except RowError as error:
        raise RowError(f"location {row.get('name') or row['id']!r}: {error}, and no valid coordinates") from None


def _area(row: dict[str, str]) -> tuple[str, str] | None:
    """A county of California, the state or the nation; other area descriptions are not searchable."""
    name = row.get("name", "").removesuffix(" County").strip()
    for scope, wide in WIDE_AREA_NAMES.items():
        if name.lower() in (scope, wide.lower()):
            return scope, wide
    return ("county", name) if name in geo.counties() else None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
