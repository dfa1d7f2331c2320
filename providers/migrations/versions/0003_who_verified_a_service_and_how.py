"""How a person verified a service (issue 13): `service.verified_how`, beside who and when.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # A directory adopted at an older revision (built before migrations) may hold the column already.
    if "verified_how" in {column["name"] for column in sa.inspect(op.get_bind()).get_columns("service")}:
        return
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verified_how", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("verified_how")
