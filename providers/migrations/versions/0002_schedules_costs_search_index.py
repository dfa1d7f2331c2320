"""Schedules and cost options of a service (issue #3), and the derived search index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ID = sa.String(length=120)
AREA_ROWS = sa.text("scope IS NOT NULL")


def _service_id() -> sa.Column:
    return sa.Column("service_id", ID, sa.ForeignKey("service.id"), nullable=False, index=True)


def upgrade() -> None:
    op.create_table(
        "schedule",
        sa.Column("id", ID, primary_key=True),
        _service_id(),
        sa.Column("location_id", ID, sa.ForeignKey("location.id")),
        sa.Column("valid_from", sa.Date()),
        sa.Column("valid_to", sa.Date()),
        sa.Column("freq", sa.String(length=10)),
        sa.Column("interval", sa.Integer()),
        sa.Column("byday", sa.Text()),
        sa.Column("opens_at", sa.Time()),
        sa.Column("closes_at", sa.Time()),
        sa.Column("description", sa.Text()),
        sa.Column("notes", sa.Text()),
        sa.Column("attending_type", sa.Text()),
    )
    op.create_table(
        "cost_option",
        sa.Column("id", ID, primary_key=True),
        _service_id(),
        sa.Column("valid_from", sa.Date()),
        sa.Column("valid_to", sa.Date()),
        sa.Column("option", sa.Text()),
        sa.Column("currency", sa.String(length=3)),
        sa.Column("amount", sa.Float()),
        sa.Column("amount_description", sa.Text()),
    )
    op.create_table(
        "search_point",
        sa.Column("id", sa.String(length=250), primary_key=True),
        sa.Column("service_id", ID, nullable=False, index=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("terms", sa.BigInteger(), nullable=False),
        sa.Column("location_id", ID),
        sa.Column("precision", sa.String(length=10)),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("strip", sa.Integer()),
        sa.Column("x", sa.Float()),
        sa.Column("y", sa.Float()),
        sa.Column("z", sa.Float()),
        sa.Column("scope", sa.String(length=20)),
        sa.Column("area_name", sa.Text()),
        sa.Index("ix_search_point_near", "strip", "longitude", "active", "terms", "x", "y", "z", "service_id"),
        sa.Index("ix_search_point_area", "scope", "area_name", sqlite_where=AREA_ROWS, postgresql_where=AREA_ROWS),
    )
    op.create_table(
        "search_index_state",
        sa.Column("name", sa.String(length=40), primary_key=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
    )


def downgrade() -> None:
    for table in ("search_index_state", "search_point", "cost_option", "schedule"):
        op.drop_table(table)
