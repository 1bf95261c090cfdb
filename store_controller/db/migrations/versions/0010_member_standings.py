"""member standings: the backoffice's approvals, limits and blocks as last pulled

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_standings",
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("credit_limit_ore", sa.Integer(), nullable=True),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("identity_hash", name=op.f("pk_member_standings")),
    )


def downgrade() -> None:
    op.drop_table("member_standings")
