"""Z-report grand totals split into sales and returns, kept on each row; returns indexed

Revision ID: 0033
Revises: 0032

The register sends only its net grand total. The Z-report list showed the split grand totals by
adding every earlier receipt of the register; now each row keeps them (set at ingest from the
previous Z-report of the register), and the list reads the z_reports rows alone. The backfill
gives each register's rows what the list showed: the receipts before the register's first
Z-report plus the running sums of the Z-reports' own sales and returns. A partial index on the
returns (receipts below zero, rare) lets the list count each Z-report's returns without reading
its receipts.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = """
WITH firsts AS (
    SELECT z.store_id, z.register_id, min(:first) AS receipt FROM z_reports z
    GROUP BY z.store_id, z.register_id
), bases AS (
    SELECT f.store_id, f.register_id,
        coalesce(sum(CASE WHEN s.total_ore > 0 THEN s.total_ore ELSE 0 END), 0) AS sales,
        coalesce(sum(CASE WHEN s.total_ore < 0 THEN s.total_ore ELSE 0 END), 0) AS returns
    FROM firsts f LEFT JOIN sales s ON s.store_id = f.store_id
        AND s.register_id = f.register_id AND s.receipt_number < f.receipt
    GROUP BY f.store_id, f.register_id
), running AS (
    SELECT z.store_id, z.register_id, z.z_number,
        b.sales + sum(z.sales_ore) OVER w AS sales,
        b.returns + sum(z.returns_ore) OVER w AS returns
    FROM z_reports z JOIN bases b ON b.store_id = z.store_id AND b.register_id = z.register_id
    WINDOW w AS (PARTITION BY z.store_id, z.register_id ORDER BY z.z_number)
)
UPDATE z_reports SET
    grand_sales_ore = (SELECT r.sales FROM running r WHERE r.store_id = z_reports.store_id
        AND r.register_id = z_reports.register_id AND r.z_number = z_reports.z_number),
    grand_returns_ore = (SELECT r.returns FROM running r WHERE r.store_id = z_reports.store_id
        AND r.register_id = z_reports.register_id AND r.z_number = z_reports.z_number)
"""


def upgrade() -> None:
    with op.batch_alter_table("z_reports") as batch:
        batch.add_column(
            sa.Column(
                "grand_sales_ore",
                sa.BigInteger(),
                nullable=True,
                comment="the register's sales since it was taken into use, to this Z-report",
            )
        )
        batch.add_column(
            sa.Column(
                "grand_returns_ore",
                sa.BigInteger(),
                nullable=True,
                comment="the register's returns since it was taken into use (zero or below)",
            )
        )
    # A Z-report's first receipt (NULL for a Z-report without receipts).
    first = "CAST(json_extract(z.body, '$.first_receipt') AS BIGINT)"
    if op.get_bind().dialect.name == "postgresql":
        first = "(z.body ->> 'first_receipt')::bigint"
    op.execute(BACKFILL.replace(":first", first))
    with op.batch_alter_table("z_reports") as batch:
        batch.alter_column("grand_sales_ore", existing_type=sa.BigInteger(), nullable=False)
        batch.alter_column("grand_returns_ore", existing_type=sa.BigInteger(), nullable=False)
    op.create_index(
        "ix_sales_returns",
        "sales",
        ["store_id", "register_id", "receipt_number"],
        unique=False,
        sqlite_where=sa.text("total_ore < 0"),
        postgresql_where=sa.text("total_ore < 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_sales_returns", table_name="sales")
    with op.batch_alter_table("z_reports") as batch:
        batch.drop_column("grand_returns_ore")
        batch.drop_column("grand_sales_ore")
