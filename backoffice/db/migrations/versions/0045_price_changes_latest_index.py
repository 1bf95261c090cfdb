"""price_changes: one index that answers a product's price in effect by itself

Revision ID: 0045
Revises: 0044

A price file's preview looks up the price in effect of each of its ~5,000 known products (the
latest change for every store at or before now, of two at one moment the later made): one
probe each of `(product_id, effective_at, id)` read backwards, its first entry the answer. On
PostgreSQL the index also carries `price_ore` and `store_id`, so the probe never reads the
table (an index-only scan; it sorted two heap rows per product before). It replaces
`(product_id, effective_at)`, which every other query by product used: it serves them alike,
and an apply still writes one index entry per price change.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0045"
down_revision: str | None = "0044"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_price_changes_product_latest",
        "price_changes",
        ["product_id", "effective_at", "id"],
        postgresql_include=["price_ore", "store_id"],
    )
    op.drop_index("ix_price_changes_product_effective", table_name="price_changes")


def downgrade() -> None:
    op.create_index(
        "ix_price_changes_product_effective", "price_changes", ["product_id", "effective_at"]
    )
    op.drop_index("ix_price_changes_product_latest", table_name="price_changes")
