"""temperature readings

Revision ID: 0013
Revises: 0012

Every thermometer reading from the stores' heartbeats, for the 24-hour chart and the cold-chain
log.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "temperature_readings",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("sensor", sa.String(length=64), nullable=False),
        sa.Column(
            "measured_at", sa.DateTime(timezone=True), nullable=False, comment="the store's clock"
        ),
        sa.Column(
            "centi_celsius", sa.Integer(), nullable=False, comment="hundredths of a degree Celsius"
        ),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, comment="our clock"),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_temperature_readings_store_id_stores")
        ),
        sa.PrimaryKeyConstraint(
            "store_id", "sensor", "measured_at", name=op.f("pk_temperature_readings")
        ),
    )


def downgrade() -> None:
    op.drop_table("temperature_readings")
