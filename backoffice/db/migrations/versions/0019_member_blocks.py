"""member blocks

Revision ID: 0019
Revises: 0018

Customers an association blocked (who, when, why), refused at its stores' doors and kiosks.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_blocks",
        sa.Column(
            "association_id",
            sa.Integer(),
            sa.ForeignKey("associations.id", name="fk_member_blocks_association_id_associations"),
            nullable=False,
        ),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("blocked_by", sa.String(length=120), nullable=False),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("association_id", "identity_hash", name="pk_member_blocks"),
    )


def downgrade() -> None:
    op.drop_table("member_blocks")
