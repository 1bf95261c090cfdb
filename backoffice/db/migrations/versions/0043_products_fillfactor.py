"""products: room on each page for an updated row (PostgreSQL fillfactor 70)

Revision ID: 0043
Revises: 0042

A price file changes the cost price of thousands of products at once. With full pages each
updated row went to another page, so every index of `products` (the trigram index of the
search too) got a new entry for it; with 30% of each page free the row stays on its page and
no index is touched (a HOT update): 2,500 products' cost prices 170-190 ms -> 45-50 ms. Pages
written from now on keep the room; existing ones get it when the table is rewritten.
SQLite has no such setting.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0043"
down_revision: str | None = "0042"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE products SET (fillfactor = 70)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE products RESET (fillfactor)")
