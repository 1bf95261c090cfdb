"""catalog next price

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("catalog_products", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "next_price_at",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="when the next scheduled price takes effect",
            )
        )
        batch_op.create_index(
            batch_op.f("ix_catalog_products_next_price_at"), ["next_price_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("catalog_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_products_next_price_at"))
        batch_op.drop_column("next_price_at")
