"""Write the directory as an HSDS 3.0 tabular datapackage (CSV files + datapackage.json).

The files use HSDS table and column names, so a 211 or another HSDS tool can read them; the
directory's attribute codes become taxonomy terms of one taxonomy, `care-finder`, which
`python -m providers import hsds` reads back.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from providers.models import (
    Address,
    Attribute,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

TAXONOMY_ID = "care-finder"
_STATUS = {"active": "active", "temporarily_closed": "temporarily closed", "closed": "inactive"}
_TABLES: dict[str, tuple[type, tuple[str, ...]]] = {
    "organizations": (Organization, ("id", "name", "legal_status")),
    "services": (
        Service,
        (
            "id",
            "organization_id",
            "name",
            "description",
            "url",
            "eligibility_description",
            "status",
            "alert",
            "assured_date",
            "assurer_email",
            "last_modified",
        ),
    ),
    "locations": (Location, ("id", "location_type", "name", "latitude", "longitude")),
    "addresses": (
        Address,
        ("id", "location_id", "address_1", "city", "region", "state_province", "postal_code", "country"),
    ),
    "service_at_location": (ServiceAtLocation, ("id", "service_id", "location_id")),
    "phones": (Phone, ("id", "service_id", "number", "description")),
    "languages": (Language, ("id", "service_id", "name", "code")),
    "service_areas": (ServiceArea, ("id", "service_id", "name", "extent_type")),
    "attributes": (Attribute, ("id", "link_id", "link_type", "link_entity", "taxonomy_term_id")),
    # HSDS 3.0's whole schedule header, the RFC 5545 fields the directory does not keep left empty.
    "schedules": (
        Schedule,
        (
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ),
    ),
    "cost_options": (
        CostOption,
        ("id", "service_id", "valid_from", "valid_to", "option", "currency", "amount", "amount_description"),
    ),
}


def export_hsds(session: Session, folder: Path) -> dict[str, int]:
    """Write every table into `folder` (created if needed); returns the rows written per file."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, (table, columns) in _TABLES.items():
        rows = [_hsds_row(name, item) for item in session.scalars(select(table).order_by(table.id))]
        counts[name] = _write(folder / f"{name}.csv", columns, rows)
    terms = sorted(set(session.scalars(select(Attribute.code))))
    counts["taxonomy_terms"] = _write(
        folder / "taxonomy_terms.csv",
        ("id", "code", "name", "taxonomy_id"),
        [dict(id=term, code=term, name=term, taxonomy_id=TAXONOMY_ID) for term in terms],
    )
    counts["taxonomies"] = _write(
        folder / "taxonomies.csv",
        ("id", "name", "description"),
        [
            dict(
                id=TAXONOMY_ID,
                name="Care Finder directory codes",
                description="facet:value codes, e.g. care:postpartum, cost:free",
            )
        ],
    )
    package = {
        "name": "care-finder-directory",
        "profile": "tabular-data-package",
        "resources": [{"name": name, "path": f"{name}.csv", "format": "csv"} for name in counts],
    }
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    return counts


def _hsds_row(name: str, item) -> dict:
    if name == "services":
        return dict(
            id=item.id,
            organization_id=item.organization_id,
            name=item.name,
            description=item.description,
            url=item.url,
            eligibility_description=item.eligibility_description,
            status=_STATUS[item.status],
            alert=item.alert,
            assured_date=item.last_verified_at and item.last_verified_at.isoformat(),
            assurer_email=item.verified_by,
            last_modified=item.imported_at.isoformat(),
        )
    if name == "service_areas":
        return dict(id=item.id, service_id=item.service_id, name=item.name, extent_type=item.scope)
    if name == "attributes":
        return dict(
            id=item.id, link_id=item.service_id, link_type="service", link_entity="service", taxonomy_term_id=item.code
        )
    return {column.name: getattr(item, column.name) for column in item.__table__.columns}


def _write(path: Path, columns: tuple[str, ...], rows: list[dict]) -> int:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
