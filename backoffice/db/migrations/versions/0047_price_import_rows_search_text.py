"""price_import_rows.search_text: a new row's product search text, made at the preview

Revision ID: 0047
Revises: 0046

An apply now creates a price file's new products with one `INSERT ... SELECT` from the
preview's rows. The search text cannot be made in SQL alike on both databases (SQLite's
`lower()` leaves Å Ä Ö as they are; PostgreSQL's follows the database's collation), so Python
makes it at the preview and keeps it with the row. Previews kept before this revision and not
yet applied get theirs here, as `products.service.search_text_of` makes it at this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0047"
down_revision: str | None = "0046"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROWS = sa.table(
    "price_import_rows",
    sa.column("import_id", sa.Integer),
    sa.column("line", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("gtin", sa.String),
    sa.column("name", sa.String),
    sa.column("brand", sa.String),
    sa.column("category", sa.String),
    sa.column("sku", sa.String),
    sa.column("search_text", sa.String),
)
IMPORTS = sa.table("price_imports", sa.column("id", sa.Integer), sa.column("status", sa.String))


def _search_text(parts: Sequence[str | None]) -> str:
    """`products.service.search_text_of` as it is at this revision."""
    return " ".join(p for p in parts if p).lower()[:600]


def upgrade() -> None:
    with op.batch_alter_table("price_import_rows") as batch:
        batch.add_column(
            sa.Column(
                "search_text",
                sa.String(length=600),
                nullable=True,
                comment="a new row's product search text, made by Python at the preview",
            )
        )
    waiting = sa.select(IMPORTS.c.id).where(IMPORTS.c.status == "previewed")
    bind = op.get_bind()
    found = bind.execute(
        sa.select(
            ROWS.c.import_id,
            ROWS.c.line,
            ROWS.c.name,
            ROWS.c.brand,
            ROWS.c.category,
            ROWS.c.sku,
            ROWS.c.gtin,
        ).where(ROWS.c.kind == "new", ROWS.c.import_id.in_(waiting))
    ).all()
    if found:
        bind.execute(
            ROWS.update()
            .where(
                ROWS.c.import_id == sa.bindparam("row_import"),
                ROWS.c.line == sa.bindparam("row_line"),
            )
            .values(search_text=sa.bindparam("words")),
            [{"row_import": r[0], "row_line": r[1], "words": _search_text(r[2:])} for r in found],
        )


def downgrade() -> None:
    with op.batch_alter_table("price_import_rows") as batch:
        batch.drop_column("search_text")
