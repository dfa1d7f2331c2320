"""Find services for a patient near a place.

Three kinds of candidates: services with a place of their own within a radius, services offered
county-wide in the patient's county, and statewide or national services (phone lines, online
groups). A service the patient cannot use is not a candidate: one for children and teens only when
the care is for an adult (and the reverse), one for pregnant people only when the patient has had
the baby (and the reverse). Ranking, best first: fits the care type, has no limit the patient is
not known to meet (a maternal program when the care is not perinatal, members or veterans only,
overnight stays only unless the care follows a hospital stay), fits more preferences (a patient who
wants online help prefers what is online), has its own place / county-wide / remote-only, can be
phoned, nearer, then name. Statewide and national lines thus come after the in-person matches that
fit as well; but when no service with a place within 25 miles offers the care, before the far ones.

The radius starts at 15 miles and widens (30, 60, 120) until `limit + offset` candidates sit in
the very best rank group (fit everything, own place, phone), or the widest radius is reached. Every
candidate counted that way is nearer than anything a wider radius adds and outranks everything
else, so the first `limit + offset` results never change when a later page widens the radius:
pages stay disjoint and gap-free, and `total` only grows when a later page needs a wider radius.

All of it reads the search index (`providers.search_index`): the database counts and orders
candidates by fit and great-circle distance (strips of latitude and a longitude range narrow the
index scan, squared chords between unit vectors measure the circle), and returns only the first
rows of the ranking. Their exact geodesic distance then decides the order; if the great circle's
error (under 1%) could let an unread row overtake them, more rows are read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import BigInteger, Boolean, Float, Integer, and_, bindparam, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from providers.distance import SPHERE_ERROR, chord_squared, geodesic_miles, sphere_miles, unit_vector
from providers.geo import Place
from providers.models import Address, Language, Organization, Phone, Schedule, SearchPoint, Service
from providers.schedules import schedule_line
from providers.search_index import HAS_PHONE, decode, mask, strip
from providers.vocabulary import (
    AGE_GROUPS,
    BABY_FRIENDLY,
    CARE_TYPES,
    CHILD_CARE,
    FORMATS,
    LIMITED_GROUPS,
    OPEN_24_7,
    OVERNIGHT_ONLY,
    PERINATAL_GROUPS,
    PREFERENCE_CODES,
    PREFERENCES,
    SERVES,
    code,
)

RADII_MILES: tuple[float, ...] = (15.0, 30.0, 60.0, 120.0)
# Conservative box sizes: a degree of latitude is at least 68.7 miles, a degree of longitude at
# least 69.17 * cos(latitude) miles on the WGS-84 ellipsoid, so the box always holds the circle.
_MILES_PER_DEGREE_LATITUDE = 68.7
_MILES_PER_DEGREE_LONGITUDE_AT_EQUATOR = 69.17
_TIERS = {None: 0, "county": 1, "statewide": 2, "national": 2}  # own place, county-wide, remote-only
_MARGIN = 8  # rows read beyond the page, so a near tie rarely needs a second read
CLOSE_MILES = 25.0  # with no service offering the care this close, remote lines come before far places
_REMOTE = ("statewide", "national")
# Perinatal care, or a patient who said they are pregnant or had a baby: these limits are met (a program
# for the other stage only is left out instead, by the perinatal dimension).
_PERINATAL_PATIENT = frozenset({*PERINATAL_GROUPS, "parents_babies", "women"})
# What "baby-friendly" can mean for a service: babies in the room, childcare, or joining from home.
BABY_FRIENDLY_MEANINGS: tuple[str, ...] = (BABY_FRIENDLY, CHILD_CARE, code("format", "virtual"))


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
    verified: bool  # a person confirmed it (staff `verify`: who, how, when)
    verified_by: str | None
    verified_how: str | None
    source: str  # "seed", "samhsa", "hsds"
    source_url: str
    source_date: str
    last_verified_at: date | None
    website: str | None
    eligibility: str | None
    alert: str | None
    offers: tuple[str, ...] = ()  # every care type it offers: "care:individual_therapy"...
    serves: tuple[str, ...] = ()  # "serves:pregnant", "serves:adults"...: who it is for, when the source says
    open_24_7: bool = False  # the source says it is open around the clock
    overnight_only: bool = False  # residential or hospital care only
    hours: str | None = None  # its schedules as the source gives them
    costs: tuple[str, ...] = ()  # "cost:free", "cost:medi_cal"...
    languages: tuple[str, ...] = ()  # ISO 639-1 codes
    baby_friendly: tuple[str, ...] = ()  # which of BABY_FRIENDLY_MEANINGS it offers

    @property
    def is_a_line(self) -> bool:
        """A statewide or national phone or online service, not a place."""
        return any(code("area", scope) in self.reasons for scope in _REMOTE)


@dataclass(frozen=True)
class SearchResult:
    matches: list[Match]
    total: int
    radius_miles: float


@dataclass(frozen=True)
class _Candidate:
    service_id: str
    name: str
    terms: frozenset[str]
    fit: tuple[int, int, int, int]  # misses the care type, has a limit, preferences missed, cannot be phoned
    scope: str | None  # None: the service's own place; else its service area's scope
    location_id: str | None = None
    distance: float | None = None
    precision: str | None = None


@dataclass(frozen=True)
class _Wanted:
    """A search's codes as bit masks, in the shape the SQL below takes them."""

    care: int
    preferences: tuple[int, ...]  # one mask per preference slot; 0 for an empty slot
    required: int
    include_closed: bool
    limits: int  # `serves:` groups the patient is not known to belong to, overnight-only care: ranked last
    eligible: tuple[tuple[int, int], ...]  # per dimension (age, perinatal): its groups, the patient's

    @classmethod
    def of(
        cls,
        care_type: str | None,
        preferences: frozenset[str],
        required: frozenset[str],
        include_closed: bool,
        patient: frozenset[str],
    ) -> _Wanted:
        slots = [mask([PREFERENCE_CODES[p]]) for p in sorted(preferences)]
        ages = patient & set(AGE_GROUPS) or {"children_teens" if care_type == "child_teen" else "adults"}
        stages = patient & set(PERINATAL_GROUPS) or set(PERINATAL_GROUPS)  # unknown: either
        perinatal = care_type == "postpartum" or bool(patient & set(PERINATAL_GROUPS))
        met = patient | (_PERINATAL_PATIENT if perinatal else frozenset())
        return cls(
            mask([code("care", care_type)]) if care_type else 0,
            tuple(slots + [0] * (len(PREFERENCES) - len(slots))),
            mask(required),
            include_closed,
            _serves_mask(set(LIMITED_GROUPS) - met) | (0 if care_type == "post_discharge" else mask([OVERNIGHT_ONLY])),
            ((_serves_mask(AGE_GROUPS), _serves_mask(ages)), (_serves_mask(PERINATAL_GROUPS), _serves_mask(stages))),
        )

    def fit(self, bits: int) -> tuple[int, int, int, int]:
        return (
            int(bits & self.care != self.care),
            int(bool(bits & self.limits)),
            sum(bits & slot != slot for slot in self.preferences),
            int(not bits & _PHONE),
        )

    def params(self) -> dict:
        best = self.care | _PHONE | sum(self.preferences)
        return {
            "care": self.care,
            "required": self.required,
            "include_closed": self.include_closed,
            "best": best,
            "phone": _PHONE,
            "limits": self.limits,
            **{f"preference{i}": m for i, m in enumerate(self.preferences)},
            **{f"dimension{i}": groups for i, (groups, _) in enumerate(self.eligible)},
            **{f"belongs{i}": belongs for i, (_, belongs) in enumerate(self.eligible)},
        }


def _serves_mask(groups) -> int:
    return mask([code("serves", group) for group in groups])


def find_matches(
    session: Session,
    place: Place | None,
    care_type: str | None,
    preferences: frozenset[str],
    limit: int = 3,
    offset: int = 0,
    required: frozenset[str] = frozenset(),
    include_closed: bool = False,
    patient: frozenset[str] = frozenset(),
) -> SearchResult:
    """The `limit` best services for `place` after skipping `offset`, with the total available.

    With no place, only services reachable from anywhere (statewide or national phone lines and
    online services) are candidates. `required` codes (`ownership:nonprofit`, `lang:es`...) must
    all be carried by every result, unlike preferences, which only rank. Closed and temporarily
    closed services are left out unless `include_closed` (a staff search). `patient` names the groups
    of `vocabulary.SERVES` the patient is known to belong to ("postpartum", "veterans"); their age is
    taken from the care type (children and teens for `child_teen`, else adults) unless it names one.
    """
    _check(care_type, preferences, limit, offset, patient)
    wanted = _Wanted.of(care_type, preferences, required, include_closed, patient)
    need = limit + offset
    radius, local_total, local = RADII_MILES[-1], 0, []
    params = wanted.params()
    circle = {**params, **_circle(None, radius)}  # no place: nothing is local
    if place is not None:
        for radius in RADII_MILES:
            circle = {**params, **_circle(place, radius)}
            best, local_total = session.execute(_COUNTS, circle).one()
            if best >= need:
                break
        # When the best group alone fills the page, only its rows need ordering.
        floor = {"floor": circle["best"], "floor_limits": wanted.limits} if best >= need else _NO_FLOOR
        local = _nearest(session, place, {**circle, **floor}, wanted, need)
    area = _area_candidates(session, circle, wanted)
    remote_first = place is not None and not _fits_close_by(session, place, params)
    page = sorted(local + area, key=lambda candidate: _rank(candidate, remote_first))[offset : offset + limit]
    return SearchResult(
        matches=_matches(session, page, care_type, preferences), total=local_total + len(area), radius_miles=radius
    )


def _check(
    care_type: str | None, preferences: frozenset[str], limit: int, offset: int, patient: frozenset[str]
) -> None:
    if care_type is not None and care_type not in CARE_TYPES:
        raise ValueError(f"unknown care type {care_type!r}; expected one of {', '.join(CARE_TYPES)}")
    unknown = sorted(set(preferences) - set(PREFERENCES))
    if unknown:
        raise ValueError(f"unknown preferences {unknown}; expected some of {', '.join(PREFERENCES)}")
    if not patient <= set(SERVES):
        unknown = sorted(patient - set(SERVES))
        raise ValueError(f"unknown patient groups {unknown}; expected some of {', '.join(SERVES)}")
    if limit < 1 or offset < 0:
        raise ValueError("limit must be at least 1 and offset at least 0")


# The SQL, built once: every value is a bound parameter, so each statement compiles once per process.
_PHONE = mask([HAS_PHONE])
_ANY_STATUS = bindparam("include_closed", type_=Boolean)


def _carries(table, name: str):
    """SQL: the point's service carries every code of the bit mask bound as `name`."""
    bits = bindparam(name, type_=BigInteger)
    return table.terms.op("&")(bits) == bits


def _chord_squared(table):
    """SQL: the squared chord from the patient's unit vector (x0, y0, z0) to the point's."""
    return sum(
        (
            (axis - bindparam(f"{name}0", type_=Float)) * (axis - bindparam(f"{name}0", type_=Float))
            for name, axis in (("x", table.x), ("y", table.y), ("z", table.z))
        )
    )


def _has_none(table, name: str):
    """SQL: the point's service carries none of the codes of the bit mask bound as `name`."""
    return table.terms.op("&")(bindparam(name, type_=BigInteger)) == 0


def _eligible(table):
    """SQL: for each dimension (age, perinatal), the service names none of its groups or one of the patient's."""
    return and_(*(or_(_has_none(table, f"dimension{i}"), ~_has_none(table, f"belongs{i}")) for i in range(_DIMENSIONS)))


_DIMENSIONS = 2


def _wanted_sql(table):
    return and_(or_(table.active, _ANY_STATUS), _carries(table, "required"), _eligible(table))


def _within(table):
    """SQL: the point is within the circle: its strips, its longitudes, then the great circle itself."""
    return and_(
        table.strip.in_(bindparam("strips", expanding=True)),
        table.longitude.between(bindparam("west", type_=Float), bindparam("east", type_=Float)),
        _chord_squared(table) <= bindparam("reach", type_=Float),
    )


def _misses(name: str):
    return case((_carries(SearchPoint, name), 0), else_=1)


_LIMITED = case((_has_none(SearchPoint, "limits"), 0), else_=1)
_GROUP = (
    _misses("care") * 256
    + _LIMITED * 128
    + sum(_misses(f"preference{i}") for i in range(len(PREFERENCES))) * 8
    + _misses("phone")
)
_NO_FLOOR = {"floor": 0, "floor_limits": 0}
# Services with a place in the circle that offer the care with no limit the patient does not meet.
_FITTING = select(func.count(func.distinct(SearchPoint.service_id))).where(
    _within(SearchPoint), _wanted_sql(SearchPoint), _carries(SearchPoint, "care"), _has_none(SearchPoint, "limits")
)
_COUNTS = select(
    func.count(
        func.distinct(
            case((and_(_carries(SearchPoint, "best"), _has_none(SearchPoint, "limits")), SearchPoint.service_id))
        )
    ),
    func.count(func.distinct(SearchPoint.service_id)),
).where(_within(SearchPoint), _wanted_sql(SearchPoint))
_NEAREST = (
    select(
        SearchPoint.service_id,
        SearchPoint.name,
        SearchPoint.terms,
        SearchPoint.location_id,
        SearchPoint.latitude,
        SearchPoint.longitude,
        SearchPoint.precision,
        _chord_squared(SearchPoint).label("chord_squared"),
    )
    .where(
        _within(SearchPoint),
        _wanted_sql(SearchPoint),
        _carries(SearchPoint, "floor"),
        _has_none(SearchPoint, "floor_limits"),
    )
    .order_by(_GROUP, _chord_squared(SearchPoint), SearchPoint.service_id)
    .limit(bindparam("rows", type_=Integer))
)
_LOCAL = aliased(SearchPoint)
_AREAS = select(SearchPoint.service_id, SearchPoint.name, SearchPoint.terms, SearchPoint.scope).where(
    SearchPoint.scope.is_not(None),  # lets the database use the index of area rows
    or_(
        and_(SearchPoint.scope == "county", SearchPoint.area_name == bindparam("county")),
        SearchPoint.scope.in_(("statewide", "national")),
    ),
    _wanted_sql(SearchPoint),
    ~exists().where(
        _LOCAL.service_id == SearchPoint.service_id,
        _LOCAL.strip.is_not(None),
        _chord_squared(_LOCAL) <= bindparam("reach", type_=Float),
    ),
)


def _circle(place: Place | None, radius: float) -> dict:
    """Bound values for a circle of `radius` miles around `place` (none: a circle nothing is in)."""
    if place is None:
        return {"strips": [], "west": 0.0, "east": 0.0, "reach": -1.0, "x0": 0.0, "y0": 0.0, "z0": 0.0, "county": None}
    dlat = radius / _MILES_PER_DEGREE_LATITUDE
    far_latitude = min(abs(place.latitude) + dlat, 89.0)
    dlon = radius / (_MILES_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(far_latitude)))
    x0, y0, z0 = unit_vector(place.latitude, place.longitude)
    return {
        "strips": list(range(strip(place.latitude - dlat), strip(place.latitude + dlat) + 1)),
        "west": place.longitude - dlon,
        "east": place.longitude + dlon,
        "reach": chord_squared(radius),
        "x0": x0,
        "y0": y0,
        "z0": z0,
        "county": place.county,
    }


def _fits_close_by(session: Session, place: Place, params: dict) -> bool:
    """True when a service with a place within CLOSE_MILES offers the care (no unmet limit)."""
    return session.execute(_FITTING, {**params, **_circle(place, CLOSE_MILES)}).scalar_one() > 0


def _nearest(session: Session, place: Place, circle: dict, wanted: _Wanted, need: int) -> list[_Candidate]:
    """The `need` best services with a place in the circle, each at its nearest location, in rank order."""
    rows_wanted = need + _MARGIN
    while True:
        rows = session.execute(_NEAREST, {**circle, "rows": rows_wanted}).all()
        miles = geodesic_miles(place.latitude, place.longitude, [r.latitude for r in rows], [r.longitude for r in rows])
        nearest: dict[str, _Candidate] = {}
        for row, distance in zip(rows, miles.tolist()):
            if row.service_id not in nearest or distance < nearest[row.service_id].distance:
                nearest[row.service_id] = _Candidate(
                    row.service_id,
                    row.name,
                    decode(row.terms),
                    wanted.fit(row.terms),
                    None,
                    row.location_id,
                    distance,
                    row.precision,
                )
        ranked = sorted(nearest.values(), key=_rank)[:need]
        if len(rows) < rows_wanted or _settled(ranked, rows[-1], wanted, need):
            return ranked
        rows_wanted *= 4


def _settled(ranked: list[_Candidate], last_row, wanted: _Wanted, need: int) -> bool:
    """True when no row after `last_row` (in the database's order) can enter the first `need`."""
    if len(ranked) < need:
        return False
    after_group, boundary = wanted.fit(last_row.terms), ranked[-1]
    if after_group != boundary.fit:
        return after_group > boundary.fit
    return sphere_miles(last_row.chord_squared) * (1 - SPHERE_ERROR) > boundary.distance


def _area_candidates(session: Session, circle: dict, wanted: _Wanted) -> list[_Candidate]:
    """Services offered in the place's county, statewide or nationally, and not already nearby."""
    best: dict[str, _Candidate] = {}
    for service_id, name, bits, scope in session.execute(_AREAS, circle):
        if service_id not in best or _TIERS[scope] < _TIERS[best[service_id].scope]:
            best[service_id] = _Candidate(service_id, name, decode(bits), wanted.fit(bits), scope)
    return list(best.values())


def _rank(candidate: _Candidate, remote_first: bool = False) -> tuple:
    """Sort key; `remote_first`: statewide and national lines come before places (none is close)."""
    care_miss, limited, preference_misses, no_phone = candidate.fit
    return (
        care_miss,
        limited,
        preference_misses,
        -1 if remote_first and candidate.scope in _REMOTE else _TIERS[candidate.scope],
        no_phone,
        candidate.distance or 0.0,
        candidate.name.casefold(),
        candidate.service_id,
    )


_IDS = bindparam("ids", expanding=True)
_SERVICES = (
    select(
        Service.id,
        Service.description,
        Service.url,
        Service.eligibility_description,
        Service.source_url,
        Service.source_date,
        Service.last_verified_at,
        Service.verified_by,
        Service.verified_how,
        Service.source,
        Service.alert,
        Organization.name.label("organization"),
    )
    .outerjoin(Organization, Organization.id == Service.organization_id)
    .where(Service.id.in_(_IDS))
)
_PHONES = select(Phone.service_id, Phone.number, Phone.description).where(Phone.service_id.in_(_IDS)).order_by(Phone.id)
_LANGUAGES = select(Language.service_id, Language.code).where(Language.service_id.in_(_IDS)).order_by(Language.code)
_SCHEDULES = select(Schedule).where(Schedule.service_id.in_(_IDS)).order_by(Schedule.id)
_ADDRESSES = (
    select(Address.location_id, Address.address_1, Address.city)
    .where(Address.location_id.in_(_IDS))
    .order_by(Address.id)
)


def _matches(
    session: Session, page: list[_Candidate], care_type: str | None, preferences: frozenset[str]
) -> list[Match]:
    """The page's details, fetched for the page only."""
    if not page:
        return []
    ids = [c.service_id for c in page]
    services = {row.id: row for row in session.execute(_SERVICES, {"ids": ids})}
    phones: dict[str, tuple[str, str | None]] = {}
    for service_id, number, note in session.execute(_PHONES, {"ids": ids}):
        phones.setdefault(service_id, (number, note))
    addresses: dict[str, tuple[str | None, str | None]] = {}
    for location_id, street, city in session.execute(
        _ADDRESSES, {"ids": [c.location_id for c in page if c.location_id]}
    ):
        addresses.setdefault(location_id, (street, city))
    languages: dict[str, list[str]] = {}
    for service_id, language in session.execute(_LANGUAGES, {"ids": ids}):
        languages.setdefault(service_id, []).append(language)
    hours: dict[str, list[str]] = {}
    for schedule in session.scalars(_SCHEDULES, {"ids": ids}):
        hours.setdefault(schedule.service_id, []).append(schedule_line(schedule))

    matches = []
    for candidate in page:
        service = services[candidate.service_id]
        phone, phone_note = phones.get(candidate.service_id, (None, None))
        street, city = addresses.get(candidate.location_id, (None, None))
        matches.append(
            Match(
                service_id=candidate.service_id,
                name=candidate.name,
                organization=service.organization,
                description=service.description,
                phone=phone,
                phone_note=phone_note,
                address=street,
                city=city,
                format=_format(candidate, preferences),
                distance_miles=candidate.distance,
                location_precision=candidate.precision,
                reasons=_reasons(candidate, care_type, preferences),
                verified=service.verified_by is not None,
                verified_by=service.verified_by,
                verified_how=service.verified_how,
                source=service.source,
                source_url=service.source_url,
                source_date=service.source_date,
                last_verified_at=service.last_verified_at,
                website=service.url,
                eligibility=service.eligibility_description,
                alert=service.alert,
                offers=tuple(code("care", c) for c in CARE_TYPES if code("care", c) in candidate.terms),
                serves=tuple(code("serves", g) for g in SERVES if code("serves", g) in candidate.terms),
                open_24_7=OPEN_24_7 in candidate.terms,
                overnight_only=OVERNIGHT_ONLY in candidate.terms,
                hours="; ".join(hours.get(candidate.service_id, ())) or None,
                costs=tuple(sorted(term for term in candidate.terms if term.startswith("cost:"))),
                languages=tuple(languages.get(candidate.service_id, ())),
                baby_friendly=tuple(term for term in BABY_FRIENDLY_MEANINGS if term in candidate.terms),
            )
        )
    return matches


def _format(candidate: _Candidate, preferences: frozenset[str]) -> str | None:
    """How the patient would use it: in person at its place, else the preferred or first format offered."""
    if candidate.scope is None:
        return "in_person"
    offered = [fmt for fmt in FORMATS if code("format", fmt) in candidate.terms]
    preferred = [fmt for fmt in offered if fmt in preferences]
    return (preferred or offered or [None])[0]


def _reasons(candidate: _Candidate, care_type: str | None, preferences: frozenset[str]) -> tuple[str, ...]:
    terms = candidate.terms
    reasons = [code("care", care_type)] if care_type and code("care", care_type) in terms else []
    reasons += [PREFERENCE_CODES[p] for p in PREFERENCES if p in preferences and PREFERENCE_CODES[p] in terms]
    if candidate.scope is not None:
        reasons.append(code("area", candidate.scope))
    return tuple(reasons)
