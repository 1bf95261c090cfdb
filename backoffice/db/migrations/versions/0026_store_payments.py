"""store payments: each store's own record of the payments it asked Swish for

Revision ID: 0026
Revises: 0025

Protocol 3 of the wire lets a store report each payment it creates and each state it sees
(`retail.wire.PaymentRecord`); the backoffice keeps the latest per store and sale id, and the
Swish reconciliation reads them beside the sales and the verified callbacks.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "store_payments",
        sa.Column("store_id", sa.Integer(), sa.ForeignKey("stores.id"), primary_key=True),
        sa.Column("sale_id", sa.Uuid(), primary_key=True),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column(
            "state",
            sa.String(16),
            nullable=False,
            comment="created, paid, declined, cancelled, error or unresolved",
        ),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "state_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="when the store saw this state",
        ),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_store_payments_store_id_requested_at", "store_payments", ["store_id", "requested_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_store_payments_store_id_requested_at", table_name="store_payments")
    op.drop_table("store_payments")
