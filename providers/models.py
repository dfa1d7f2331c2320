"""SQLAlchemy models of the care directory, named after Open Referral HSDS 3.0 tables and fields.

Only what the directory uses is mapped: the service and its places, phones, languages, areas and
attributes, and (issue #3) its schedules and cost options; the rest of HSDS is not kept.
Everything is portable SQL (SQLite now, PostgreSQL later): string ids, plain indexes, no
database-specific types.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()

_ID = String(120)
_OWNED = "all, delete-orphan"


def _service_fk() -> Column:
    return Column(_ID, ForeignKey("service.id"), nullable=False, index=True)


class Organization(Base):
    __tablename__ = "organization"

    id = Column(_ID, primary_key=True)
    name = Column(Text, nullable=False)
    legal_status = Column(String(20), nullable=False, default="unknown")  # vocabulary.OWNERSHIPS

    services = relationship("Service", back_populates="organization")


class Service(Base):
    __tablename__ = "service"

    id = Column(_ID, primary_key=True)
    organization_id = Column(_ID, ForeignKey("organization.id"), index=True)  # null: source names none
    name = Column(Text, nullable=False)
    description = Column(Text, nullable=False)
    url = Column(Text)
    eligibility_description = Column(Text)
    status = Column(String(20), nullable=False, default="active", index=True)  # vocabulary.STATUSES
    alert = Column(Text)
    # Provenance: where the record came from and whether anyone has checked it since.
    source = Column(String(40), nullable=False)
    source_url = Column(Text, nullable=False)
    source_date = Column(Text, nullable=False)  # as the source gave it: "2023-05-31", "undated"...
    source_checksum = Column(String(64), nullable=False)  # fingerprint of the imported record
    imported_at = Column(DateTime(timezone=True), nullable=False)
    last_verified_at = Column(Date)
    verified_by = Column(Text)
    verified_how = Column(Text)  # how a person confirmed it: "phoned the intake line", "visited"...

    organization = relationship(Organization, back_populates="services")
    phones = relationship("Phone", cascade=_OWNED, order_by="Phone.id")
    languages = relationship("Language", cascade=_OWNED)
    attributes = relationship("Attribute", cascade=_OWNED)
    service_areas = relationship("ServiceArea", cascade=_OWNED)
    service_at_locations = relationship("ServiceAtLocation", cascade=_OWNED)


class Location(Base):
    __tablename__ = "location"
    __table_args__ = (Index("ix_location_lat_lon", "latitude", "longitude"),)

    id = Column(_ID, primary_key=True)
    name = Column(Text)
    location_type = Column(String(20), nullable=False, default="physical")
    latitude = Column(Float, nullable=False)
    longitude = Column(Float, nullable=False)
    precision = Column(String(10), nullable=False)  # how exactly the point is known: address, zip, city

    addresses = relationship("Address", cascade=_OWNED, order_by="Address.id")


class Address(Base):
    __tablename__ = "address"

    id = Column(_ID, primary_key=True)
    location_id = Column(_ID, ForeignKey("location.id"), nullable=False, index=True)
    address_1 = Column(Text)  # null when only the city or ZIP is known
    city = Column(Text)
    region = Column(Text)  # county
    state_province = Column(String(2), nullable=False, default="CA")
    postal_code = Column(String(10))
    country = Column(String(2), nullable=False, default="US")


class ServiceAtLocation(Base):
    __tablename__ = "service_at_location"
    __table_args__ = (UniqueConstraint("service_id", "location_id"),)

    id = Column(_ID, primary_key=True)
    service_id = _service_fk()
    location_id = Column(_ID, ForeignKey("location.id"), nullable=False, index=True)

    location = relationship(Location)


class ServiceArea(Base):
    """Where a service without a place of its own is offered: one county, the state or the nation."""

    __tablename__ = "service_area"
    __table_args__ = (Index("ix_service_area_scope_name", "scope", "name"),)

    id = Column(_ID, primary_key=True)
    service_id = _service_fk()
    scope = Column(String(20), nullable=False)  # county, statewide, national
    name = Column(Text, nullable=False)  # county name without "County", "California", "United States"


class Phone(Base):
    __tablename__ = "phone"

    id = Column(_ID, primary_key=True)
    service_id = _service_fk()
    number = Column(String(20), nullable=False)
    description = Column(Text)  # extension, menu or texting instructions


class Language(Base):
    __tablename__ = "language"
    __table_args__ = (UniqueConstraint("service_id", "code"),)

    id = Column(_ID, primary_key=True)
    service_id = _service_fk()
    code = Column(String(10), nullable=False)  # ISO 639-1
    name = Column(Text, nullable=False)


class Attribute(Base):
    """A taxonomy term attached to a service; `code` is the term's code, e.g. `care:postpartum`."""

    __tablename__ = "attribute"
    __table_args__ = (UniqueConstraint("service_id", "code"),)

    id = Column(_ID, primary_key=True)
    service_id = _service_fk()
    code = Column(String(60), nullable=False, index=True)


class SearchPoint(Base):
    """Derived from the tables above, not HSDS: one row per place a service can be found from.

    Either a service's own location (with its strip of latitude and its point on the unit sphere,
    so the database can filter and order by great-circle distance with arithmetic alone) or one of
    its service areas. `terms` packs the codes the search filters and ranks on into one integer
    (`providers.search_index`), so a search reads this table only. Kept current by the importers and
    staff edits; `python -m providers reindex` rebuilds it.
    """

    __tablename__ = "search_point"
    __table_args__ = (
        # Covering index of the nearby search: strips of latitude, then longitude, then all it filters on.
        Index("ix_search_point_near", "strip", "longitude", "active", "terms", "x", "y", "z", "service_id"),
        # Area rows only: a full index would tell the planner that a scope matches every row (the nulls).
        Index(
            "ix_search_point_area",
            "scope",
            "area_name",
            sqlite_where=text("scope IS NOT NULL"),
            postgresql_where=text("scope IS NOT NULL"),
        ),
    )

    id = Column(String(250), primary_key=True)
    service_id = Column(_ID, nullable=False, index=True)
    name = Column(Text, nullable=False)
    active = Column(Boolean, nullable=False)
    terms = Column(BigInteger, nullable=False)
    location_id = Column(_ID)  # own place: these are set, the area columns are null
    precision = Column(String(10))
    latitude = Column(Float)
    longitude = Column(Float)
    strip = Column(Integer)
    x = Column(Float)
    y = Column(Float)
    z = Column(Float)
    scope = Column(String(20))  # service area: county, statewide or national
    area_name = Column(Text)


class SearchIndexState(Base):
    """Which version of the search index's encoding the `search_point` rows were built with."""

    __tablename__ = "search_index_state"

    name = Column(String(40), primary_key=True)
    fingerprint = Column(String(64), nullable=False)


# Schedules and cost options belong to their service like its phones; the backrefs put them on
# `Service.schedules` and `Service.cost_options`, deleted with it.


class Schedule(Base):
    """When a service is offered (HSDS `schedule`): an RFC 5545 rule, opening hours and words.

    Times are the wall-clock times the source wrote; `location_id` is set when the schedule holds at
    one of the service's places only.
    """

    __tablename__ = "schedule"

    id = Column(_ID, primary_key=True)  # "<service id>:schedule:<source's id>" (a digest of that id if too long)
    service_id = _service_fk()
    location_id = Column(_ID, ForeignKey("location.id"))
    valid_from = Column(Date)
    valid_to = Column(Date)
    freq = Column(String(10))  # WEEKLY or MONTHLY
    interval = Column(Integer)  # 2 with WEEKLY: every other week
    byday = Column(Text)  # "TH,FR"; with MONTHLY "1MO" is the first Monday, "-1FR" the last Friday
    opens_at = Column(Time)
    closes_at = Column(Time)
    description = Column(Text)
    notes = Column(Text)
    attending_type = Column(Text)

    service = relationship(Service, backref=backref("schedules", cascade=_OWNED, order_by="Schedule.id"))


class CostOption(Base):
    """What a service costs (HSDS `cost_option`); an amount of 0 is free."""

    __tablename__ = "cost_option"

    id = Column(_ID, primary_key=True)  # "<service id>:cost:<source's id>" (a digest of that id if too long)
    service_id = _service_fk()
    valid_from = Column(Date)
    valid_to = Column(Date)
    option = Column(Text)  # who or what the price is for: "Under 18s and Over 60s"
    currency = Column(String(3))  # ISO 4217, upper case
    amount = Column(Float)
    amount_description = Column(Text)  # "per 1 hour session"

    service = relationship(Service, backref=backref("cost_options", cascade=_OWNED, order_by="CostOption.id"))
