"""Write imported services into the directory: add new ones, update changed ones in place, by id.

A service whose record has not changed since the last import (same checksum) is not touched, so
`imported_at` keeps meaning "last changed" and a staff member's close or verification stays. A
changed service keeps its row; its phones, places, attributes, schedules and cost options are
replaced. Writes are bulk statements (tens of thousands of rows a second); the caller owns the
transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Iterable

from sqlalchemy import delete, exists, insert, select, text, update
from sqlalchemy.orm import Session

from providers import search_index
from providers.importers.record import ScheduleRecord, ServiceRecord
from providers.importers.report import ImportReport, Rejection, RowError
from providers.importers.unlisted import SourceScope, follow_listing
from providers.in_lists import in_chunks
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
from providers.vocabulary import LANGUAGES, code

_STAFF_FIELDS = ("status", "alert", "verified_by", "verified_how", "last_verified_at")

Row = tuple[int, str, "ServiceRecord | RowError"]  # line, the row's id in its source, record or why not


def save(
    session: Session, rows: Iterable[Row], report: ImportReport | None = None, close_missing: SourceScope | None = None
) -> ImportReport:
    """Add or update every record among `rows`; reject the rest with their reasons.

    With `close_missing`, also close the services of that scope that `rows` do not list (`unlisted`).
    """
    report = report or ImportReport()
    records: dict[str, tuple[int, ServiceRecord]] = {}
    listed: set[str] = set()
    for line, row_id, outcome in rows:
        service_id = outcome.id if isinstance(outcome, ServiceRecord) else outcome.service_id
        if service_id:
            listed.add(service_id)
        if isinstance(outcome, ServiceRecord) and outcome.id in records:
            outcome = RowError(f"duplicate id (first used on line {records[outcome.id][0]})")
        if isinstance(outcome, RowError):
            report.rejected.append(Rejection(line, row_id, str(outcome)))
        else:
            records[outcome.id] = (line, outcome)

    known = _known(session, list(records))
    added: list[ServiceRecord] = []
    updated: list[ServiceRecord] = []
    for service_id, (line, record) in records.items():
        source, checksum = known.get(service_id, (None, None))
        if source is not None and source != record.source:
            report.rejected.append(Rejection(line, service_id, f"id already used by a service from {source!r}"))
        elif checksum == record.checksum():
            report.unchanged.append(service_id)
        else:
            (updated if source else added).append(record)
            (report.updated if source else report.added).append(service_id)

    now = datetime.now(timezone.utc)
    _save_organizations(session, added + updated)
    _delete_parts(session, [record.id for record in updated])
    for record in updated:
        values = {k: v for k, v in _service_values(record, now).items() if k not in _STAFF_FIELDS or v is not None}
        session.execute(update(Service).where(Service.id == record.id).values(**values))
    _insert(session, Service, [{**_service_values(r, now), "status": r.status or "active"} for r in added])
    _insert_parts(session, added + updated)
    search_index.refresh(session, [record.id for record in added + updated])
    if close_missing is not None:
        report.closed, report.reopened = follow_listing(
            session, close_missing, listed, {i: record for i, (_, record) in records.items()}
        )
    session.execute(
        delete(Organization)
        .where(~exists().where(Service.organization_id == Organization.id))
        .execution_options(synchronize_session=False)
    )
    session.execute(text("ANALYZE"))  # fresh statistics keep the search on the location index
    session.expire_all()
    return report


def _known(session: Session, ids: list[str]) -> dict[str, tuple[str, str]]:
    return {
        service_id: (source, checksum)
        for chunk in in_chunks(ids)
        for service_id, source, checksum in session.execute(
            select(Service.id, Service.source, Service.source_checksum).where(Service.id.in_(chunk))
        )
    }


def _insert(session: Session, table, rows: list[dict]) -> None:
    if rows:
        session.execute(insert(table), rows)


def _save_organizations(session: Session, records: list[ServiceRecord]) -> None:
    organizations = {r.organization.id: r.organization for r in records if r.organization}
    ids = list(organizations)
    existing = {
        i
        for chunk in in_chunks(ids)
        for i in session.scalars(select(Organization.id).where(Organization.id.in_(chunk)))
    }
    for org_id in existing:
        org = organizations[org_id]
        session.execute(
            update(Organization).where(Organization.id == org_id).values(name=org.name, legal_status=org.legal_status)
        )
    _insert(
        session,
        Organization,
        [
            {"id": o.id, "name": o.name, "legal_status": o.legal_status}
            for o in organizations.values()
            if o.id not in existing
        ],
    )


def _delete_parts(session: Session, service_ids: list[str]) -> None:
    """Remove the phones, places, areas, languages and attributes of services about to be rewritten."""
    for chunk in in_chunks(service_ids):
        location_ids = list(
            session.scalars(select(ServiceAtLocation.location_id).where(ServiceAtLocation.service_id.in_(chunk)))
        )
        for table in (Attribute, Language, Phone, ServiceArea, ServiceAtLocation, Schedule, CostOption):
            session.execute(delete(table).where(table.service_id.in_(chunk)))
        session.execute(delete(Address).where(Address.location_id.in_(location_ids)))
        session.execute(delete(Location).where(Location.id.in_(location_ids)))


def _service_values(record: ServiceRecord, now: datetime) -> dict:
    return dict(
        id=record.id,
        organization_id=record.organization and record.organization.id,
        name=record.name,
        description=record.description,
        url=record.url,
        eligibility_description=record.eligibility,
        status=record.status,
        alert=record.alert,
        source=record.source,
        source_url=record.source_url,
        source_date=record.source_date,
        source_checksum=record.checksum(),
        imported_at=now,
        last_verified_at=record.last_verified_at,
        verified_by=record.verified_by,
        verified_how=record.verified_how,
    )


def _codes(record: ServiceRecord) -> list[str]:
    ownership = record.organization.legal_status if record.organization else "unknown"
    extra = [code("ownership", ownership)] if ownership != "unknown" else []
    return list(dict.fromkeys([*record.codes, *extra]))


def _insert_parts(session: Session, records: list[ServiceRecord]) -> None:
    parts: dict[type, list[dict]] = {
        table: []
        for table in (
            Attribute,
            Language,
            Phone,
            ServiceArea,
            Location,
            Address,
            ServiceAtLocation,
            Schedule,
            CostOption,
        )
    }
    for r in records:
        sid = r.id
        parts[Attribute] += [dict(id=f"{sid}:{term}", service_id=sid, code=term) for term in _codes(r)]
        parts[Language] += [
            dict(id=f"{sid}:lang:{lang}", service_id=sid, code=lang, name=LANGUAGES.get(lang, lang))
            for lang in dict.fromkeys(r.languages)
        ]
        parts[Phone] += [
            dict(id=f"{sid}:phone:{i}", service_id=sid, number=number, description=note)
            for i, (number, note) in enumerate(r.phones)
        ]
        parts[ServiceArea] += [
            dict(id=f"{sid}:area:{scope}:{name}", service_id=sid, scope=scope, name=name)
            for scope, name in dict.fromkeys(r.areas)
        ]
        for i, place in enumerate(r.locations):
            location_id = f"{sid}:location:{i}"
            parts[Location].append(
                dict(
                    id=location_id,
                    name=place.name,
                    location_type="physical",
                    latitude=place.latitude,
                    longitude=place.longitude,
                    precision=place.precision,
                )
            )
            parts[Address].append(
                dict(
                    id=f"{sid}:address:{i}",
                    location_id=location_id,
                    address_1=place.address_1,
                    city=place.city,
                    region=place.region,
                    state_province=place.state_province,
                    postal_code=place.postal_code,
                    country="US",
                )
            )
            parts[ServiceAtLocation].append(dict(id=f"{sid}:at:{i}", service_id=sid, location_id=location_id))
        parts[Schedule] += [_schedule_values(sid, schedule) for schedule in r.schedules]
        parts[CostOption] += [
            dict(asdict(option), id=_part_id(sid, "cost", option.id), service_id=sid) for option in r.cost_options
        ]
    for table, rows in parts.items():
        _insert(session, table, rows)


def _schedule_values(service_id: str, schedule: ScheduleRecord) -> dict:
    values = asdict(schedule)
    location = values.pop("location")
    return dict(
        values,
        id=_part_id(service_id, "schedule", schedule.id),
        service_id=service_id,
        location_id=None if location is None else f"{service_id}:location:{location}",
    )


def _part_id(service_id: str, kind: str, source_id: str) -> str:
    """`<service id>:<kind>:<the source's id>`, with a digest of the source's id when that is too long.

    Too long happens when a directory's own export, whose ids are already composed so, is imported back.
    """
    part_id = f"{service_id}:{kind}:{source_id}"
    if len(part_id) <= Schedule.id.type.length:
        return part_id
    return f"{service_id}:{kind}:{hashlib.sha1(source_id.encode()).hexdigest()[:16]}"
