"""member accounts: approved members' credit limit and balance, and one ledger row per charge

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_accounts",
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("credit_limit_ore", sa.Integer(), nullable=False),
        sa.Column("balance_ore", sa.Integer(), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("identity_hash", name=op.f("pk_member_accounts")),
    )
    op.create_table(
        "member_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("amount_ore", sa.Integer(), nullable=False),
        sa.Column("bankid_order_ref", sa.String(length=64), nullable=False),
        sa.Column("charged_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_ledger")),
        sa.UniqueConstraint("sale_id", name=op.f("uq_member_ledger_sale_id")),
    )
    with op.batch_alter_table("member_ledger") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_ledger_identity_hash"), ["identity_hash"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("member_ledger") as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_ledger_identity_hash"))
    op.drop_table("member_ledger")
    op.drop_table("member_accounts")
