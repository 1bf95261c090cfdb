"""report rollups: hourly and monthly sums kept by triggers, accounting profiles, report indexes

Revision ID: 0006
Revises: 0005

The rollup tables are filled from the rows already there, then kept by triggers on every insert
into sales, sale_vat, sale_payments, sale_lines and visits: on PostgreSQL one set-based upsert per
statement (transition tables, so a COPY of 10,000 lines costs one aggregate), on SQLite one
upsert per row. Buckets are UTC hours (months for products); see backoffice.reports.models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def _tables() -> None:
    op.create_table(
        "report_sales_hourly",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("hour", TS, nullable=False, comment="start of the UTC hour"),
        sa.Column("receipt_count", sa.BigInteger(), nullable=False),
        sa.Column("return_count", sa.BigInteger(), nullable=False),
        sa.Column("sales_ore", sa.BigInteger(), nullable=False, comment="sum of totals >= 0"),
        sa.Column("returns_ore", sa.BigInteger(), nullable=False, comment="sum of totals < 0"),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_report_sales_hourly_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", "hour", name=op.f("pk_report_sales_hourly")),
    )
    op.create_table(
        "report_vat_hourly",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("hour", TS, nullable=False),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("gross_ore", sa.BigInteger(), nullable=False),
        sa.Column("vat_ore", sa.BigInteger(), nullable=False),
        sa.Column("net_ore", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_report_vat_hourly_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", "hour", "rate_bp", name=op.f("pk_report_vat_hourly")),
    )
    op.create_table(
        "report_payments_hourly",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("hour", TS, nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("payment_count", sa.BigInteger(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_report_payments_hourly_store_id_stores")
        ),
        sa.PrimaryKeyConstraint(
            "store_id", "hour", "method", name=op.f("pk_report_payments_hourly")
        ),
    )
    op.create_table(
        "report_products_monthly",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("month", TS, nullable=False, comment="start of the UTC month"),
        sa.Column("product_key", sa.String(length=14), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("vat_class", sa.String(length=16), nullable=False),
        sa.Column("vat_rate_bp", sa.Integer(), nullable=False),
        sa.Column(
            "name",
            sa.String(length=120),
            nullable=False,
            comment="a name its lines carry (the latest insert's)",
        ),
        sa.Column("line_count", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("weight_g", sa.BigInteger(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_report_products_monthly_store_id_stores")
        ),
        sa.PrimaryKeyConstraint(
            "store_id",
            "month",
            "product_key",
            "kind",
            "vat_class",
            "vat_rate_bp",
            name=op.f("pk_report_products_monthly"),
        ),
    )
    op.create_table(
        "report_visits_hourly",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("hour", TS, nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("visit_count", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_report_visits_hourly_store_id_stores")
        ),
        sa.PrimaryKeyConstraint(
            "store_id", "hour", "outcome", name=op.f("pk_report_visits_hourly")
        ),
    )
    op.create_table(
        "accounting_profiles",
        sa.Column("org_number", sa.String(length=20), nullable=False),
        sa.Column("company_name", sa.String(length=200), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("org_number", name=op.f("pk_accounting_profiles")),
    )
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sales_store_register_receipt",
            ["store_id", "register_id", "receipt_number"],
            unique=False,
        )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_store_occurred", ["store_id", "occurred_at"], unique=False)
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stock_movements_store_reason_occurred",
            ["store_id", "reason", "occurred_at"],
            unique=False,
        )


# One rollup = (table, raw source, bucket expression's column, key columns, sums). The same
# SELECT fills the table from existing rows and, per statement or row, from new ones.
_SUMS = {
    "report_sales_hourly": ["receipt_count", "return_count", "sales_ore", "returns_ore"],
    "report_vat_hourly": ["gross_ore", "vat_ore", "net_ore"],
    "report_payments_hourly": ["payment_count", "amount_ore"],
    "report_products_monthly": ["line_count", "quantity", "weight_g", "amount_ore"],
    "report_visits_hourly": ["visit_count"],
}
_KEYS = {
    "report_sales_hourly": ["store_id", "hour"],
    "report_vat_hourly": ["store_id", "hour", "rate_bp"],
    "report_payments_hourly": ["store_id", "hour", "method"],
    "report_products_monthly": [
        "store_id",
        "month",
        "product_key",
        "kind",
        "vat_class",
        "vat_rate_bp",
    ],
    "report_visits_hourly": ["store_id", "hour", "outcome"],
}
_SOURCES = {  # rollup -> (raw table, whether it needs the sale's time from `sales`)
    "report_sales_hourly": ("sales", False),
    "report_vat_hourly": ("sale_vat", True),
    "report_payments_hourly": ("sale_payments", True),
    "report_products_monthly": ("sale_lines", True),
    "report_visits_hourly": ("visits", False),
}


def _select(rollup: str, source: str, bucket: str) -> str:
    """SELECT ... GROUP BY of the rollup's rows from `source` (aliased r; sale times as s)."""
    at = "s.occurred_at" if _SOURCES[rollup][1] else "r.occurred_at"
    when = bucket.format(at=at)
    values = {
        "report_sales_hourly": (
            "r.store_id, {when}, count(*), sum(CASE WHEN r.total_ore < 0 THEN 1 ELSE 0 END), "
            "sum(CASE WHEN r.total_ore >= 0 THEN r.total_ore ELSE 0 END), "
            "sum(CASE WHEN r.total_ore < 0 THEN r.total_ore ELSE 0 END)"
        ),
        "report_vat_hourly": (
            "r.store_id, {when}, r.rate_bp, sum(r.gross_ore), sum(r.vat_ore), sum(r.net_ore)"
        ),
        "report_payments_hourly": "r.store_id, {when}, r.method, count(*), sum(r.amount_ore)",
        "report_products_monthly": (
            "r.store_id, {when}, r.product_key, r.kind, r.vat_class, r.vat_rate_bp, max(r.name), "
            "count(*), sum(r.quantity), sum(coalesce(r.weight_g, 0)), sum(r.amount_ore)"
        ),
        "report_visits_hourly": "r.store_id, {when}, r.outcome, count(*)",
    }[rollup].format(when=when)
    join = (
        " JOIN sales s ON s.store_id = r.store_id AND s.sale_id = r.sale_id"
        if _SOURCES[rollup][1]
        else ""
    )
    keys = ", ".join(str(i + 1) for i in range(len(_KEYS[rollup])))
    return f"SELECT {values} FROM {source} r{join} GROUP BY {keys}"  # noqa: S608 - our constants


def _columns(rollup: str) -> list[str]:
    extra = ["name"] if rollup == "report_products_monthly" else []
    return [*_KEYS[rollup], *extra, *_SUMS[rollup]]


def _upsert(rollup: str, select: str) -> str:
    adds = [f"{c} = {rollup}.{c} + excluded.{c}" for c in _SUMS[rollup]]
    if rollup == "report_products_monthly":
        adds.append("name = excluded.name")
    return (
        f"INSERT INTO {rollup} ({', '.join(_columns(rollup))}) {select} "
        f"ON CONFLICT ({', '.join(_KEYS[rollup])}) DO UPDATE SET {', '.join(adds)}"
    )


_PG_BUCKETS = {
    "hour": "date_trunc('hour', {at}, 'UTC')",
    "month": "date_trunc('month', {at}, 'UTC')",
}
_SQLITE_BUCKETS = {
    "hour": "strftime('%Y-%m-%d %H:00:00.000000', {at})",
    "month": "strftime('%Y-%m-01 00:00:00.000000', {at})",
}


def _bucket(rollup: str, buckets: dict[str, str]) -> str:
    return buckets["month" if rollup == "report_products_monthly" else "hour"]


def _postgresql_triggers() -> None:
    for rollup, (source, _) in _SOURCES.items():
        select = _select(rollup, "new_rows", _bucket(rollup, _PG_BUCKETS))
        # Sorted keys: concurrent inserts lock the rollup rows in one order (no deadlock).
        statement = _upsert(rollup, f"{select} ORDER BY 1, 2")
        op.execute(
            f"CREATE FUNCTION {rollup}_add() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {statement}; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {rollup}_add AFTER INSERT ON {source} "
            f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {rollup}_add()"
        )


def _sqlite_triggers() -> None:
    for rollup, (source, _) in _SOURCES.items():
        # The row as a one-row source, so the same SELECT serves (WHERE: SQLite's upsert rule).
        row_columns = {
            "sales": "store_id, occurred_at, total_ore",
            "sale_vat": "store_id, sale_id, rate_bp, gross_ore, vat_ore, net_ore",
            "sale_payments": "store_id, sale_id, method, amount_ore",
            "sale_lines": (
                "store_id, sale_id, product_key, kind, vat_class, vat_rate_bp, name, "
                "quantity, weight_g, amount_ore"
            ),
            "visits": "store_id, occurred_at, outcome",
        }[source]
        new_row = ", ".join(f"NEW.{c} AS {c}" for c in row_columns.split(", "))
        select = _select(rollup, f"(SELECT {new_row})", _bucket(rollup, _SQLITE_BUCKETS))
        select = select.replace(" GROUP BY", " WHERE true GROUP BY")
        op.execute(
            f"CREATE TRIGGER {rollup}_add AFTER INSERT ON {source} FOR EACH ROW "
            f"BEGIN {_upsert(rollup, select)}; END"
        )


def upgrade() -> None:
    _tables()
    postgresql = op.get_bind().dialect.name == "postgresql"
    buckets = _PG_BUCKETS if postgresql else _SQLITE_BUCKETS
    for rollup, (source, _) in _SOURCES.items():
        select = _select(rollup, source, _bucket(rollup, buckets))
        if not postgresql:
            select = select.replace(" GROUP BY", " WHERE true GROUP BY")
        op.execute(_upsert(rollup, select))
    if postgresql:
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for rollup, (source, _) in _SOURCES.items():
        op.execute(f"DROP TRIGGER IF EXISTS {rollup}_add" + (f" ON {source}" if postgresql else ""))
        if postgresql:
            op.execute(f"DROP FUNCTION IF EXISTS {rollup}_add()")
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movements_store_reason_occurred")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("ix_visits_store_occurred")
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.drop_index("ix_sales_store_register_receipt")
    for table in (
        "accounting_profiles",
        "report_visits_hourly",
        "report_products_monthly",
        "report_payments_hourly",
        "report_vat_hourly",
        "report_sales_hourly",
    ):
        op.drop_table(table)
