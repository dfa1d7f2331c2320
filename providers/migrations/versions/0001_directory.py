"""The directory as first built: services, organizations, places, phones, languages, areas, attributes.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ID = sa.String(length=120)


def _id() -> sa.Column:
    return sa.Column("id", ID, primary_key=True)


def _service_id() -> sa.Column:
    return sa.Column("service_id", ID, sa.ForeignKey("service.id"), nullable=False, index=True)


def upgrade() -> None:
    op.create_table(
        "organization",
        _id(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("legal_status", sa.String(length=20), nullable=False),
    )
    op.create_table(
        "location",
        _id(),
        sa.Column("name", sa.Text()),
        sa.Column("location_type", sa.String(length=20), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("precision", sa.String(length=10), nullable=False),
        sa.Index("ix_location_lat_lon", "latitude", "longitude"),
    )
    op.create_table(
        "address",
        _id(),
        sa.Column("location_id", ID, sa.ForeignKey("location.id"), nullable=False, index=True),
        sa.Column("address_1", sa.Text()),
        sa.Column("city", sa.Text()),
        sa.Column("region", sa.Text()),
        sa.Column("state_province", sa.String(length=2), nullable=False),
        sa.Column("postal_code", sa.String(length=10)),
        sa.Column("country", sa.String(length=2), nullable=False),
    )
    op.create_table(
        "service",
        _id(),
        sa.Column("organization_id", ID, sa.ForeignKey("organization.id"), index=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("eligibility_description", sa.Text()),
        sa.Column("status", sa.String(length=20), nullable=False, index=True),
        sa.Column("alert", sa.Text()),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("source_date", sa.Text(), nullable=False),
        sa.Column("source_checksum", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_verified_at", sa.Date()),
        sa.Column("verified_by", sa.Text()),
    )
    op.create_table(
        "service_at_location",
        _id(),
        _service_id(),
        sa.Column("location_id", ID, sa.ForeignKey("location.id"), nullable=False, index=True),
        sa.UniqueConstraint("service_id", "location_id"),
    )
    op.create_table(
        "service_area",
        _id(),
        _service_id(),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Index("ix_service_area_scope_name", "scope", "name"),
    )
    op.create_table(
        "phone",
        _id(),
        _service_id(),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text()),
    )
    op.create_table(
        "language",
        _id(),
        _service_id(),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.UniqueConstraint("service_id", "code"),
    )
    op.create_table(
        "attribute",
        _id(),
        _service_id(),
        sa.Column("code", sa.String(length=60), nullable=False, index=True),
        sa.UniqueConstraint("service_id", "code"),
    )


def downgrade() -> None:
    for table in (
        "attribute",
        "language",
        "phone",
        "service_area",
        "service_at_location",
        "service",
        "address",
        "location",
        "organization",
    ):
        op.drop_table(table)
