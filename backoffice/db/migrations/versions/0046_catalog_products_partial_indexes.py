"""catalog_products: `store_id` and `next_price_at` indexed only where set

Revision ID: 0046
Revises: 0045

Most catalog rows are every store's product (`store_id` NULL) without a scheduled price
(`next_price_at` NULL), yet each took an entry in both indexes: a 10,000-row price file wrote
~7,500 of each that no query reads. The queries that use them compare the column (`store_id =
?`, `store_id IN (...)`, the foreign key's check when a store goes, `next_price_at <= ?`), which
implies it is set, so PostgreSQL and SQLite choose the partial index as they chose the full one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0046"
down_revision: str | None = "0045"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("store_id", "next_price_at")


def upgrade() -> None:
    for column in COLUMNS:
        name = f"ix_catalog_products_{column}"
        where = sa.text(f"{column} IS NOT NULL")
        op.drop_index(name, table_name="catalog_products")
        op.create_index(
            name, "catalog_products", [column], sqlite_where=where, postgresql_where=where
        )


def downgrade() -> None:
    for column in COLUMNS:
        name = f"ix_catalog_products_{column}"
        op.drop_index(name, table_name="catalog_products")
        op.create_index(name, "catalog_products", [column])
