"""customer_names: a BankID customer's name and birth date per store

Revision ID: 0041
Revises: 0040

The store's door sends the name and birth date BankID gave (never the identity number) on the
visit; the owner's customers list shows them. Removed by an erasure and by the visit retention
job (no visit left and no member account).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0041"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_names",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_customer_names_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", "identity_hash", name=op.f("pk_customer_names")),
    )
    op.create_index("ix_customer_names_name", "customer_names", ["store_id", "name"])


def downgrade() -> None:
    op.drop_index("ix_customer_names_name", table_name="customer_names")
    op.drop_table("customer_names")
