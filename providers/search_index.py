"""The search index: `search_point` rows derived from the directory's tables, kept current.

Each code the search filters or ranks on (care types, preferences, staff filters, "has a phone") is
one bit of `SearchPoint.terms`, so a search tests a service's fit with `terms & mask` instead of a
subquery per code. Writers call `refresh` with the services they changed, in their transaction;
`ensure_current` rebuilds everything when the encoding changed (a new code, a new column) or the
database predates the index.
"""

from __future__ import annotations

import hashlib
import math
from typing import Iterable, Iterator

from sqlalchemy import delete, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from providers.distance import unit_vector
from providers.in_lists import in_chunks
from providers.models import (
    Attribute,
    Language,
    Location,
    Phone,
    SearchIndexState,
    SearchPoint,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from providers.vocabulary import (
    CARE_TYPES,
    FILTER_CODES,
    FORMATS,
    OPEN_24_7,
    OVERNIGHT_ONLY,
    PREFERENCE_CODES,
    SERVES,
    code,
)

HAS_PHONE = "has:phone"
TERMS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *(code("care", care) for care in CARE_TYPES),
            *PREFERENCE_CODES.values(),
            *FILTER_CODES.values(),
            *(code("format", fmt) for fmt in FORMATS),
            *(code("serves", group) for group in SERVES),
            OPEN_24_7,
            OVERNIGHT_ONLY,
            HAS_PHONE,
        ]
    )
)
_BITS = {term: 1 << position for position, term in enumerate(TERMS)}
STRIP_DEGREES = 0.1  # height of a strip of latitude (about 7 miles)
_VERSION = "1"  # bump when the rows or their indexes change
FINGERPRINT = hashlib.sha256("|".join((_VERSION, str(STRIP_DEGREES), *TERMS)).encode()).hexdigest()
_STATE = "search_point"
_NO_PLACE = dict.fromkeys(
    ("location_id", "precision", "latitude", "longitude", "strip", "x", "y", "z", "scope", "area_name")
)


def mask(terms: Iterable[str]) -> int:
    """The bits of these codes; ValueError for a code the index does not carry."""
    unknown = sorted(set(terms) - set(_BITS))
    if unknown:
        raise ValueError(f"the search cannot filter on {unknown}; known codes: {', '.join(TERMS)}")
    return sum(_BITS[term] for term in set(terms))


def decode(bits: int) -> frozenset[str]:
    return frozenset(term for term, bit in _BITS.items() if bits & bit)


def strip(latitude: float) -> int:
    return math.floor(latitude / STRIP_DEGREES)


def refresh(session: Session, service_ids: Iterable[str]) -> None:
    """Recompute the search points of these services (deleted services just lose theirs)."""
    for chunk in in_chunks(list(dict.fromkeys(service_ids))):
        session.execute(delete(SearchPoint).where(SearchPoint.service_id.in_(chunk)))
        _insert_points(session, chunk)


def rebuild(session: Session) -> None:
    """Recompute every search point and record the encoding they were built with."""
    session.execute(delete(SearchPoint))
    for chunk in in_chunks(list(session.scalars(select(Service.id).order_by(Service.id)))):
        _insert_points(session, chunk)
    state = session.get(SearchIndexState, _STATE)
    if state is None:
        session.add(SearchIndexState(name=_STATE, fingerprint=FINGERPRINT))
    else:
        state.fingerprint = FINGERPRINT
    session.flush()


def ensure_current(engine: Engine) -> bool:
    """Rebuild the index if it was built with another encoding or never; True if it rebuilt."""
    with sessionmaker(bind=engine, future=True).begin() as session:
        if engine.dialect.name == "postgresql":  # several servers starting at once: one rebuilds, the rest wait
            session.execute(text("LOCK TABLE search_index_state IN EXCLUSIVE MODE"))
        state = session.get(SearchIndexState, _STATE)
        if state is not None and state.fingerprint == FINGERPRINT:
            return False
        rebuild(session)
        return True


def _insert_points(session: Session, ids: list[str]) -> None:
    rows = list(_points(session, ids))
    if rows:
        session.execute(insert(SearchPoint), rows)


def _points(session: Session, ids: list[str]) -> Iterator[dict]:
    services = {
        row.id: row
        for row in session.execute(select(Service.id, Service.name, Service.status).where(Service.id.in_(ids)))
    }
    terms = {service_id: 0 for service_id in services}
    for service_id, term in _codes(session, ids):
        terms[service_id] |= _BITS.get(term, 0)

    def row(service_id: str, point_id: str, **place) -> dict:
        service = services[service_id]
        return dict(
            id=point_id,
            service_id=service_id,
            name=service.name,
            active=service.status == "active",
            terms=terms[service_id],
            **{**_NO_PLACE, **place},
        )

    for service_id, location_id, latitude, longitude, precision in session.execute(
        select(ServiceAtLocation.service_id, Location.id, Location.latitude, Location.longitude, Location.precision)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id.in_(ids))
    ):
        x, y, z = unit_vector(latitude, longitude)
        yield row(
            service_id,
            f"{service_id}@{location_id}",
            location_id=location_id,
            precision=precision,
            latitude=latitude,
            longitude=longitude,
            strip=strip(latitude),
            x=x,
            y=y,
            z=z,
        )
    for service_id, scope, name in session.execute(
        select(ServiceArea.service_id, ServiceArea.scope, ServiceArea.name).where(ServiceArea.service_id.in_(ids))
    ):
        yield row(service_id, f"{service_id}@{scope}:{name}", scope=scope, area_name=name)


def _codes(session: Session, ids: list[str]) -> Iterator[tuple[str, str]]:
    yield from session.execute(select(Attribute.service_id, Attribute.code).where(Attribute.service_id.in_(ids)))
    for service_id, language in session.execute(
        select(Language.service_id, Language.code).where(Language.service_id.in_(ids))
    ):
        yield service_id, f"lang:{language}"
    for service_id in session.scalars(select(Phone.service_id).where(Phone.service_id.in_(ids)).distinct()):
        yield service_id, HAS_PHONE
