"""The sale's tables with a text key WITHOUT ROWID; indexes nothing reads dropped

Revision ID: 0012
Revises: 0011

A sale inserted each row of sale_lines, sale_vat, sale_payments and stock_movements twice on
SQLite: in the rowid table and in the B-tree of its primary key. WITHOUT ROWID, the key's
B-tree is the table. The movements' indexes on product_id and sale_id and the sales' on
occurred_at are read by no query of the controller. Each table is rebuilt with every row (copy,
drop, rename; the migration's one transaction). On PostgreSQL only the indexes go.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REBUILT = ("sale_lines", "sale_vat", "sale_payments", "stock_movements")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.drop_index("ix_sales_occurred_at", table_name="sales")
    op.drop_index("ix_stock_movements_sale_id", table_name="stock_movements")
    op.drop_index("ix_stock_movements_product_id", table_name="stock_movements")
    if _sqlite():
        for name in _REBUILT:
            with op.batch_alter_table(
                name, recreate="always", table_kwargs={"sqlite_with_rowid": False}
            ):
                pass


def downgrade() -> None:
    if _sqlite():
        for name in _REBUILT:
            with op.batch_alter_table(
                name, recreate="always", table_kwargs={"sqlite_with_rowid": True}
            ):
                pass
    op.create_index("ix_stock_movements_product_id", "stock_movements", ["product_id"])
    op.create_index("ix_stock_movements_sale_id", "stock_movements", ["sale_id"])
    op.create_index("ix_sales_occurred_at", "sales", ["occurred_at"])
