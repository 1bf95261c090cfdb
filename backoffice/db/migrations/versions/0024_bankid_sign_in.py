"""Sign in with BankID: a person's keyed identity hash, and started orders kept server side

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(
            sa.Column("bankid_hash", sa.String(64), nullable=True, comment="HMAC of the number")
        )
        batch.create_unique_constraint("uq_people_bankid_hash", ["bankid_hash"])
    op.create_table(
        "bankid_orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(10), nullable=False, comment="signin or link"),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=True,
            comment="link: whose",
        ),
        sa.Column("order_ref", sa.String(100), nullable=False),
        sa.Column("auto_start_token", sa.String(100), nullable=False),
        sa.Column("qr_start_token", sa.String(100), nullable=False),
        sa.Column("qr_start_secret", sa.String(100), nullable=False),
        sa.Column("started_at", sa.Float(), nullable=False),
        sa.Column("same_device", sa.Boolean(), nullable=False),
        sa.Column("next", sa.String(2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("bankid_orders")
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint("uq_people_bankid_hash", type_="unique")
        batch.drop_column("bankid_hash")
