"""pending payments: carts whose payment was asked for, found again after a crash

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_payments",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("register_id", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("amount_ore", sa.Integer(), nullable=False),
        sa.Column("cart", sa.JSON(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("sale_id", name=op.f("pk_pending_payments")),
    )


def downgrade() -> None:
    op.drop_table("pending_payments")
