"""door audit: remote unlocks, maintenance and lock-downs

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "door_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("operator", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("window_s", sa.Double(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_door_audit")),
    )
    op.create_index(op.f("ix_door_audit_action"), "door_audit", ["action"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_door_audit_action"), table_name="door_audit")
    op.drop_table("door_audit")
