"""Reorder levels: a store's minimum level of a product and its pack size

Revision ID: 0027
Revises: 0026
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reorder_levels",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column(
            "min_level",
            sa.BigInteger(),
            nullable=False,
            comment="pieces, or grams for goods sold by weight",
        ),
        sa.Column(
            "pack_size",
            sa.Integer(),
            nullable=True,
            comment="the supplier's pack, in the same unit",
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_reorder_levels_store_id_stores")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_reorder_levels_product_id_products")
        ),
        sa.PrimaryKeyConstraint("store_id", "product_id", name=op.f("pk_reorder_levels")),
    )


def downgrade() -> None:
    op.drop_table("reorder_levels")
