"""swish callbacks

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "swish_callbacks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False, comment="payment or refund"),
        sa.Column("swish_id", sa.String(length=36), nullable=False, comment="the instruction id"),
        sa.Column(
            "payee_payment_reference",
            sa.String(length=36),
            nullable=True,
            comment="our reference (the sale id without hyphens)",
        ),
        sa.Column("reported_status", sa.String(length=16), nullable=True),
        sa.Column("body", sa.JSON(), nullable=False, comment="the callback body as received"),
        sa.Column("verified_status", sa.String(length=16), nullable=True),
        sa.Column("verified_amount_ore", sa.BigInteger(), nullable=True),
        sa.Column("payment_reference", sa.String(length=64), nullable=True),
        sa.Column("error_code", sa.String(length=16), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fetch_error", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_swish_callbacks")),
    )
    op.create_index("ix_swish_callbacks_swish_id", "swish_callbacks", ["swish_id"])


def downgrade() -> None:
    op.drop_index("ix_swish_callbacks_swish_id", table_name="swish_callbacks")
    op.drop_table("swish_callbacks")
