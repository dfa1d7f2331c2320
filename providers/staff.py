"""What staff do to one service: look at it, vouch for it, close or reopen it.

These edits live on the service row and survive re-imports: an import leaves an unchanged record
alone, and a changed record from a source that says nothing about status or verification keeps
what staff set.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from providers import search_index
from providers.costs import cost_line
from providers.models import Service
from providers.schedules import schedule_line


class NoSuchService(LookupError):
    def __init__(self, service_id: str):
        super().__init__(f"no service with id {service_id!r} (find ids with `python -m providers search --json`)")


def get_service(session: Session, service_id: str) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NoSuchService(service_id)
    return service


def describe(service: Service) -> dict:
    """Everything staff need to check a service by phone, as plain data."""
    return {
        "id": service.id,
        "name": service.name,
        "organization": service.organization and service.organization.name,
        "ownership": service.organization and service.organization.legal_status,
        "description": service.description,
        "status": service.status,
        "alert": service.alert,
        "website": service.url,
        "eligibility": service.eligibility_description,
        "phones": [{"number": p.number, "note": p.description} for p in service.phones],
        "places": [
            {
                "address": a.address_1,
                "city": a.city,
                "state": a.state_province,
                "zip": a.postal_code,
                "latitude": link.location.latitude,
                "longitude": link.location.longitude,
                "precision": link.location.precision,
            }
            for link in service.service_at_locations
            for a in link.location.addresses
        ],
        "areas": sorted(f"{area.scope}:{area.name}" for area in service.service_areas),
        "languages": sorted(language.code for language in service.languages),
        "attributes": sorted(attribute.code for attribute in service.attributes),
        "schedules": [schedule_line(schedule) for schedule in service.schedules],
        "cost_options": [cost_line(option) for option in service.cost_options],
        "source": service.source,
        "source_url": service.source_url,
        "source_date": service.source_date,
        "imported_at": service.imported_at.isoformat(),
        "verified_by": service.verified_by,
        "verified_how": service.verified_how,
        "last_verified_at": service.last_verified_at and service.last_verified_at.isoformat(),
    }


def verify(session: Session, service_id: str, by: str, how: str, on: date | None = None) -> Service:
    """Record that a person confirmed the listing: who, how (a call, a visit...) and when (default today)."""
    if not by.strip():
        raise ValueError("say who verified it: --by NAME")
    if not how.strip():
        raise ValueError('say how it was confirmed: --how "phoned the intake line"')
    service = get_service(session, service_id)
    service.verified_by, service.verified_how, service.last_verified_at = by.strip(), how.strip(), on or date.today()
    return service


def close(session: Session, service_id: str, alert: str, temporarily: bool = False) -> Service:
    if not alert.strip():
        raise ValueError("say why, for patients and staff: --alert TEXT")
    service = get_service(session, service_id)
    service.status, service.alert = ("temporarily_closed" if temporarily else "closed"), alert.strip()
    search_index.refresh(session, [service_id])
    return service


def reopen(session: Session, service_id: str) -> Service:
    service = get_service(session, service_id)
    service.status, service.alert = "active", None
    search_index.refresh(session, [service_id])
    return service
