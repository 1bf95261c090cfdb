"""Public pages: whether a store shows opening hours and its essentials in stock to villagers

Revision ID: 0029
Revises: 0028
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "public_pages",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_public_pages_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_public_pages")),
    )


def downgrade() -> None:
    op.drop_table("public_pages")
