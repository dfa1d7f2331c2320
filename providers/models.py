"""SQLAlchemy models of the care directory, named after Open Referral HSDS 3.0 tables and fields.

Only what the directory uses today is mapped; schedules and the rest of HSDS come with issue #3.
Everything is portable SQL (SQLite now, PostgreSQL later): string ids, plain indexes, no
database-specific types.
"""
from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

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
