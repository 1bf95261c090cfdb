"""temperature limits: each reading keeps the limits its controller held it to

Revision ID: 0021
Revises: 0020

The heartbeat carries each thermometer's configured limits (`min_centi`, `max_centi`); they are
kept beside the reading, so the chart, the board and the cold-chain log judge every reading by
the limits that held at the time. Readings from before (or from an older controller) have none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("temperature_readings") as batch:
        batch.add_column(
            sa.Column("min_centi", sa.Integer(), nullable=True, comment="lower limit, hundredths")
        )
        batch.add_column(
            sa.Column("max_centi", sa.Integer(), nullable=True, comment="upper limit, hundredths")
        )


def downgrade() -> None:
    with op.batch_alter_table("temperature_readings") as batch:
        batch.drop_column("max_centi")
        batch.drop_column("min_centi")
