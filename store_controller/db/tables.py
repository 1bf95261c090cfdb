"""Every controller table as a SQLAlchemy Core `Table` on one `MetaData`.

The idle path (start, sweeps, heartbeat, the monitor) reads and writes these with Core statements,
so a store that nobody visits never imports or configures the ORM (memory on a Pi 3, issue 23).
The mapped classes in each feature's `models.py` map onto these same tables (`__table__`), for the
code that still uses sessions; `store_controller.db.models` imports them all for Alembic.

Only the tables an idle controller uses are declared here: alerts, the outbox, the sync state, the
kiosk's catalog lookup, the Z-reports and the pending payments that a start looks at. The door's
and the members' tables (`people_tables`) and the sale's, stock's and journal's (`sale_tables`) are
declared on the same metadata when first asked for (`tables.sales` loads `sale_tables`, PEP 562),
with the first entry, sale or pull that uses them, so idle does not build them (issue 23). Code
that needs every table (Alembic, the migrations tests) imports `store_controller.db.models`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    text,
)

from byabutik.runtime.db import NAMING_CONVENTION, UtcDateTime, utcnow
from retail.lazy import lazy_attributes

if TYPE_CHECKING:
    from store_controller.db.people_tables import (
        customers,
        door_audit,
        member_accounts,
        member_ledger,
        member_standings,
        visits,
    )
    from store_controller.db.sale_tables import (
        abandoned_carts,
        age_checks,
        journal_entries,
        sale_lines,
        sale_payments,
        sale_vat,
        sales,
        stock_levels,
        stock_movements,
        unknown_barcodes,
    )

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def id_col() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def str_col(name: str, length: int, **kw: object) -> Column[str]:
    return Column(name, String(length), nullable=False, **kw)  # type: ignore[arg-type]


def int_col(name: str, **kw: object) -> Column[int]:
    return Column(name, Integer, nullable=False, **kw)  # type: ignore[arg-type]


def when_col(name: str, *, nullable: bool = False, **kw: object) -> Column[object]:
    return Column(name, UtcDateTime(), nullable=nullable, **kw)  # type: ignore[arg-type]


alerts = Table(
    "alerts",
    metadata,
    str_col("id", 36, primary_key=True),  # a UUID, also on the wire
    str_col("category", 40, index=True),
    str_col("severity", 16),
    str_col("message", 500),
    Column("details", JSON, nullable=False, default=dict),
    when_col("raised_at"),
    when_col("cleared_at", nullable=True),
)


# AUTOINCREMENT: a sequence number is never reused, even after the newest row is deleted.
outbox = Table(
    "outbox",
    metadata,
    Column("seq", Integer, primary_key=True),
    str_col("kind", 40),
    Column("payload", JSON, nullable=False),
    when_col("created_at", default=utcnow),
    when_col("acked_at", nullable=True, default=None),
    when_col("quarantined_at", nullable=True, default=None),
    Index("ix_outbox_unacked", "acked_at", "seq"),
    sqlite_autoincrement=True,
)


sync_state = Table(
    "sync_state",
    metadata,
    id_col(),
    int_col("catalog_revision", default=0),
    Column("stock_cursor", BigInteger, nullable=False, default=0, server_default="0"),
    Column("store_settings", JSON, nullable=True, default=None),
    Column("access_policy", JSON, nullable=True, default=None),
    str_col("catalog_features", 200, default="", server_default=""),
    when_col("updated_at"),
)


products = Table(
    "products",
    metadata,
    id_col(),
    str_col("sku", 40, unique=True),
    str_col("name", 120),
    int_col("price_ore"),
    str_col("vat_class", 16),
    int_col("pant_ore", default=0),
    Column("age_limit", Integer, nullable=True, default=None),
    str_col("sold_by", 8, default="unit"),
    Column("active", Boolean, nullable=False, default=True),
    when_col("updated_at", default=utcnow),
)


product_codes = Table(
    "product_codes",
    metadata,
    str_col("code", 14, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False, index=True),
)


z_reports = Table(
    "z_reports",
    metadata,
    Column("register_id", String(64), primary_key=True),
    Column("z_number", Integer, primary_key=True),
    str_col("business_date", 10),
    Column("body", JSON, nullable=False),
    when_col("created_at"),
    UniqueConstraint("register_id", "business_date"),
)


# A payment asked of the provider and not yet settled, with the cart it pays for.
pending_payments = Table(
    "pending_payments",
    metadata,
    str_col("sale_id", 36, primary_key=True),
    str_col("register_id", 64),
    str_col("provider", 32),
    int_col("amount_ore"),
    Column("cart", JSON, nullable=False),
    when_col("requested_at"),
    when_col("settled_at", nullable=True, default=None),
    Column("outcome", String(16), nullable=True, default=None),
    # Payment recovery's read: the few open rows, not the settled ones kept one a sale. Only
    # SQLite's keyword: a `postgresql_where` here would import the PostgreSQL dialect (~1 MB)
    # into every idle controller to check it; migration 0015 makes it partial on both.
    Index(
        "ix_pending_payments_open",
        "register_id",
        "requested_at",
        sqlite_where=text("settled_at IS NULL"),
    ),
)


__all__ = [
    "abandoned_carts",
    "age_checks",
    "alerts",
    "customers",
    "door_audit",
    "id_col",
    "int_col",
    "journal_entries",
    "member_accounts",
    "member_ledger",
    "member_standings",
    "metadata",
    "outbox",
    "pending_payments",
    "product_codes",
    "products",
    "sale_lines",
    "sale_payments",
    "sale_vat",
    "sales",
    "stock_levels",
    "stock_movements",
    "str_col",
    "sync_state",
    "unknown_barcodes",
    "visits",
    "when_col",
    "z_reports",
]

# Where each table declared on first use lives.
_HOME: dict[str, str] = {
    "customers": "store_controller.db.people_tables",
    "visits": "store_controller.db.people_tables",
    "door_audit": "store_controller.db.people_tables",
    "member_accounts": "store_controller.db.people_tables",
    "member_ledger": "store_controller.db.people_tables",
    "member_standings": "store_controller.db.people_tables",
    "stock_levels": "store_controller.db.sale_tables",
    "stock_movements": "store_controller.db.sale_tables",
    "sales": "store_controller.db.sale_tables",
    "sale_lines": "store_controller.db.sale_tables",
    "sale_vat": "store_controller.db.sale_tables",
    "sale_payments": "store_controller.db.sale_tables",
    "age_checks": "store_controller.db.sale_tables",
    "journal_entries": "store_controller.db.sale_tables",
    "unknown_barcodes": "store_controller.db.sale_tables",
    "abandoned_carts": "store_controller.db.sale_tables",
}


# Hidden from mypy, which reads the imports above instead: an unknown table name stays an error.
if not TYPE_CHECKING:  # pragma: no branch
    __getattr__ = lazy_attributes(__name__, _HOME, globals())
