"""member accounts and ledger

Revision ID: 0015
Revises: 0014

Members approved for account purchases with their credit limit, and the ledger of purchases,
payments, credits and adjustments (who and why); keyed identity hash only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_accounts",
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("credit_limit_ore", sa.BigInteger(), nullable=False),
        sa.Column("approved_by", sa.String(length=120), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("identity_hash", name=op.f("pk_member_accounts")),
    )
    op.create_table(
        "member_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("why", sa.String(length=500), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["identity_hash"],
            ["member_accounts.identity_hash"],
            name=op.f("fk_member_ledger_identity_hash_member_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_ledger")),
        sa.UniqueConstraint("reference", name=op.f("uq_member_ledger_reference")),
    )
    op.create_index(
        op.f("ix_member_ledger_identity_hash"), "member_ledger", ["identity_hash"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_member_ledger_identity_hash"), table_name="member_ledger")
    op.drop_table("member_ledger")
    op.drop_table("member_accounts")
