"""label prints: when shelf labels were last printed, per store

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "label_prints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("labels", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_label_prints_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_label_prints")),
    )
    with op.batch_alter_table("label_prints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_label_prints_store_id"), ["store_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("label_prints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_label_prints_store_id"))
    op.drop_table("label_prints")
