"""customer_notes: owners' notes on a customer, per association

Revision ID: 0042
Revises: 0041

Text (at most 1000 characters, never a personnummer), who wrote it and when. Listed in the
person's export and deleted by an erasure.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0042"
down_revision: str | None = "0041"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_customer_notes_association_id_associations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_notes")),
    )
    op.create_index(
        "ix_customer_notes_member", "customer_notes", ["association_id", "identity_hash"]
    )


def downgrade() -> None:
    op.drop_index("ix_customer_notes_member", table_name="customer_notes")
    op.drop_table("customer_notes")
