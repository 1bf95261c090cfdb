"""product search: a trigram index on PostgreSQL

Revision ID: 0038
Revises: 0037

The catalog search is `search_text LIKE '%word%'` per word (lower case on both sides). On
PostgreSQL a GIN index of pg_trgm trigrams answers it without reading every product. When the
extension cannot be created (a managed server without it, a role without the right) the
migration leaves the index out and the search still works, reading the table as before.
SQLite reads the table (10,000 short rows: a few milliseconds).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0038"
down_revision: str | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_products_search_text_trgm"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        return  # no trigrams here: the search reads the table
    op.create_index(
        INDEX,
        "products",
        ["search_text"],
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
