"""Deliveries started from the wholesaler's delivery file: a line's expected quantity, and each
supplier's column mapping for delivery files

Revision ID: 0031
Revises: 0030
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("goods_delivery_lines") as table:
        table.add_column(
            sa.Column("expected", sa.Integer(), nullable=True, comment="from the delivery file")
        )
    op.create_table(
        "delivery_file_mappings",
        sa.Column("supplier", sa.String(80), primary_key=True),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("delivery_file_mappings")
    with op.batch_alter_table("goods_delivery_lines") as table:
        table.drop_column("expected")
