"""Find services for a patient near a place.

Three kinds of candidates: services with a place of their own inside a radius (an indexed
bounding-box query, then exact geodesic distance), services offered county-wide in the patient's
county, and statewide or national services (phone lines, online groups). Ranking, best first:
fits the care type, fits more preferences, has its own place / county-wide / remote-only, can be
phoned, nearer, then name.

The radius starts at 15 miles and widens (30, 60, 120) until `limit + offset` candidates sit in
the very best rank group (fit everything, own place, phone), or the widest radius is reached. Every
candidate counted that way is nearer than anything a wider radius adds and outranks everything
else, so the first `limit + offset` results never change when a later page widens the radius:
pages stay disjoint and gap-free, and `total` only grows when a later page needs a wider radius.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, exists, literal, or_, select, union_all
from sqlalchemy.orm import Session

from providers.distance import geodesic_miles
from providers.geo import Place
from providers.models import (Address, Attribute, Language, Location, Organization, Phone, Service,
                              ServiceArea, ServiceAtLocation)
from providers.vocabulary import CARE_TYPES, FORMATS, PREFERENCE_CODES, PREFERENCES, code

RADII_MILES: tuple[float, ...] = (15.0, 30.0, 60.0, 120.0)
# Conservative box sizes: a degree of latitude is at least 68.7 miles, a degree of longitude at
# least 69.17 * cos(latitude) miles on the WGS-84 ellipsoid, so the box always holds the circle.
_MILES_PER_DEGREE_LATITUDE = 68.7
_MILES_PER_DEGREE_LONGITUDE_AT_EQUATOR = 69.17
_TIERS = {None: 0, "county": 1, "statewide": 2, "national": 2}  # own place, county-wide, remote-only
_HAS_PHONE = "has:phone"


@dataclass(frozen=True)
class Match:
    service_id: str
    name: str
    organization: str | None
    description: str
    phone: str | None
    phone_note: str | None
    address: str | None  # None when virtual, phone-only or county-wide
    city: str | None
    format: str | None  # "in_person", "virtual" or "phone"; None when the source does not say
    distance_miles: float | None  # None for virtual, phone and area-wide services
    location_precision: str | None  # "address", "zip" or "city" when there is a distance
    reasons: tuple[str, ...]  # codes: "care:postpartum", "pref:baby_friendly", "lang:es", "area:county"...
    verified: bool
    verified_by: str | None
    source_url: str
    source_date: str
    last_verified_at: date | None
    website: str | None
    eligibility: str | None
    alert: str | None


@dataclass(frozen=True)
class SearchResult:
    matches: list[Match]
    total: int
    radius_miles: float


@dataclass(frozen=True)
class _Candidate:
    service_id: str
    name: str
    scope: str | None  # None: the service's own place; else its service area's scope
    location_id: str | None = None
    distance: float | None = None
    precision: str | None = None
    fit: tuple[int, int, int] = (0, 0, 0)  # fits the care type (0/1), preferences met, can be phoned (0/1)


def find_matches(session: Session, place: Place | None, care_type: str | None, preferences: frozenset[str],
                 limit: int = 3, offset: int = 0, required: frozenset[str] = frozenset(),
                 include_closed: bool = False) -> SearchResult:
    """The `limit` best services for `place` after skipping `offset`, with the total available.

    With no place, only services reachable from anywhere (statewide or national phone lines and
    online services) are candidates. `required` codes (`ownership:nonprofit`, `lang:es`...) must
    all be carried by every result, unlike preferences, which only rank. Closed and temporarily
    closed services are left out unless `include_closed` (a staff search).
    """
    _check(care_type, preferences, limit, offset)
    wanted = [Service.status == "active"] if not include_closed else []
    wanted += [_has(term) for term in sorted(required)]
    fit = _fit_columns(care_type, preferences)
    area = _area_candidates(session, place, wanted, fit)
    best_group = (0, -len(preferences), 0, 0)
    for radius in RADII_MILES:
        local = _local_candidates(session, place, radius, wanted, fit) if place else {}
        candidates = list(local.values()) + [c for c in area if c.service_id not in local]
        if sum(_rank(c)[:4] == best_group for c in candidates) >= limit + offset:
            break
    ranked = sorted(candidates, key=_rank)
    page = ranked[offset:offset + limit]
    codes = _codes(session, [c.service_id for c in page])
    matches = _matches(session, page, codes, care_type, preferences)
    return SearchResult(matches=matches, total=len(ranked), radius_miles=radius)


def _check(care_type: str | None, preferences: frozenset[str], limit: int, offset: int) -> None:
    if care_type is not None and care_type not in CARE_TYPES:
        raise ValueError(f"unknown care type {care_type!r}; expected one of {', '.join(CARE_TYPES)}")
    unknown = sorted(set(preferences) - set(PREFERENCES))
    if unknown:
        raise ValueError(f"unknown preferences {unknown}; expected some of {', '.join(PREFERENCES)}")
    if limit < 1 or offset < 0:
        raise ValueError("limit must be at least 1 and offset at least 0")


def _has(term: str):
    """SQL: the service carries `term` (an attribute code, `lang:<code>` or `has:phone`)."""
    if term == _HAS_PHONE:
        return exists().where(Phone.service_id == Service.id)
    if term.startswith("lang:"):
        return exists().where(Language.service_id == Service.id, Language.code == term.removeprefix("lang:"))
    return exists().where(Attribute.service_id == Service.id, Attribute.code == term)


def _fit_columns(care_type: str | None, preferences: frozenset[str]) -> list:
    """SQL columns computing each candidate's fit in the database, so no codes are fetched to rank."""
    def flag(term: str):
        return case((_has(term), 1), else_=0)

    care = flag(code("care", care_type)) if care_type else literal(1)
    hits = sum((flag(PREFERENCE_CODES[p]) for p in sorted(preferences)), literal(0))
    return [care, hits, flag(_HAS_PHONE)]


def _local_candidates(session: Session, place: Place, radius: float, wanted: list,
                      fit: list) -> dict[str, _Candidate]:
    """Wanted services with a location within `radius` miles, each at its nearest location."""
    dlat = radius / _MILES_PER_DEGREE_LATITUDE
    far_latitude = min(abs(place.latitude) + dlat, 89.0)
    dlon = radius / (_MILES_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(far_latitude)))
    rows = session.execute(
        select(Service.id, Service.name, Location.id, Location.latitude, Location.longitude, Location.precision, *fit)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(
            Location.latitude.between(place.latitude - dlat, place.latitude + dlat),
            Location.longitude.between(place.longitude - dlon, place.longitude + dlon),
            *wanted,
        )
    ).all()
    distances = geodesic_miles(place.latitude, place.longitude, [row[3] for row in rows], [row[4] for row in rows])
    nearest: dict[str, _Candidate] = {}
    for (service_id, name, location_id, _, _, precision, *fits), miles in zip(rows, distances.tolist()):
        if miles <= radius and (service_id not in nearest or miles < nearest[service_id].distance):
            nearest[service_id] = _Candidate(service_id, name, None, location_id, miles, precision, tuple(fits))
    return nearest


def _area_candidates(session: Session, place: Place | None, wanted: list, fit: list) -> list[_Candidate]:
    """Wanted services offered in the place's county, statewide or nationally (widest area last)."""
    reachable = ServiceArea.scope.in_(("statewide", "national"))
    if place is not None:
        reachable = or_(and_(ServiceArea.scope == "county", ServiceArea.name == place.county), reachable)
    rows = session.execute(
        select(Service.id, Service.name, ServiceArea.scope, *fit)
        .join(ServiceArea, ServiceArea.service_id == Service.id)
        .where(reachable, *wanted)
    )
    best: dict[str, _Candidate] = {}
    for service_id, name, scope, *fits in rows:
        if service_id not in best or _TIERS[scope] < _TIERS[best[service_id].scope]:
            best[service_id] = _Candidate(service_id, name, scope, fit=tuple(fits))
    return list(best.values())


def _codes(session: Session, service_ids: list[str]) -> dict[str, frozenset[str]]:
    """Each service's attribute codes, `lang:<code>` per language, and `has:phone` — one query."""
    if not service_ids:
        return {}
    query = union_all(
        select(Attribute.service_id, Attribute.code).where(Attribute.service_id.in_(service_ids)),
        select(Language.service_id, literal("lang:") + Language.code).where(Language.service_id.in_(service_ids)),
        select(Phone.service_id, literal(_HAS_PHONE)).where(Phone.service_id.in_(service_ids)),
    )
    found: dict[str, set[str]] = {service_id: set() for service_id in service_ids}
    for service_id, term in session.execute(query):
        found[service_id].add(term)
    return {service_id: frozenset(terms) for service_id, terms in found.items()}


def _rank(candidate: _Candidate) -> tuple:
    care_fit, preference_hits, has_phone = candidate.fit
    return (1 - care_fit, -preference_hits, _TIERS[candidate.scope], 1 - has_phone, candidate.distance or 0.0,
            candidate.name.casefold(), candidate.service_id)


def _matches(session: Session, page: list[_Candidate], codes: dict[str, frozenset[str]],
             care_type: str | None, preferences: frozenset[str]) -> list[Match]:
    ids = [c.service_id for c in page]
    services = {row.id: row for row in session.execute(
        select(Service.id, Service.description, Service.url, Service.eligibility_description, Service.source_url,
               Service.source_date, Service.last_verified_at, Service.verified_by, Service.alert,
               Organization.name.label("organization"))
        .outerjoin(Organization, Organization.id == Service.organization_id)
        .where(Service.id.in_(ids))
    )}
    phones: dict[str, tuple[str, str | None]] = {}
    for service_id, number, note in session.execute(
            select(Phone.service_id, Phone.number, Phone.description)
            .where(Phone.service_id.in_(ids)).order_by(Phone.id)):
        phones.setdefault(service_id, (number, note))
    addresses: dict[str, tuple[str | None, str | None]] = {}
    for location_id, street, city in session.execute(
            select(Address.location_id, Address.address_1, Address.city)
            .where(Address.location_id.in_([c.location_id for c in page if c.location_id])).order_by(Address.id)):
        addresses.setdefault(location_id, (street, city))

    matches = []
    for candidate in page:
        service, terms = services[candidate.service_id], codes[candidate.service_id]
        phone, phone_note = phones.get(candidate.service_id, (None, None))
        street, city = addresses.get(candidate.location_id, (None, None))
        matches.append(Match(
            service_id=candidate.service_id, name=candidate.name, organization=service.organization,
            description=service.description, phone=phone, phone_note=phone_note, address=street, city=city,
            format=_format(candidate, terms, preferences), distance_miles=candidate.distance,
            location_precision=candidate.precision, reasons=_reasons(candidate, terms, care_type, preferences),
            verified=service.verified_by is not None, verified_by=service.verified_by,
            source_url=service.source_url,
            source_date=service.source_date, last_verified_at=service.last_verified_at, website=service.url,
            eligibility=service.eligibility_description, alert=service.alert,
        ))
    return matches


def _format(candidate: _Candidate, codes: frozenset[str], preferences: frozenset[str]) -> str | None:
    """How the patient would use it: in person at its place, else the preferred or first format offered."""
    if candidate.scope is None:
        return "in_person"
    offered = [fmt for fmt in FORMATS if code("format", fmt) in codes]
    preferred = [fmt for fmt in offered if fmt in preferences]
    return (preferred or offered or [None])[0]


def _reasons(candidate: _Candidate, codes: frozenset[str], care_type: str | None,
             preferences: frozenset[str]) -> tuple[str, ...]:
    reasons = [code("care", care_type)] if care_type and code("care", care_type) in codes else []
    reasons += [PREFERENCE_CODES[p] for p in PREFERENCES if p in preferences and PREFERENCE_CODES[p] in codes]
    if candidate.scope is not None:
        reasons.append(code("area", candidate.scope))
    return tuple(reasons)
