"""The checkout's tables beyond the catalog: stock, sales and their lines, VAT, payments and age
checks, the journal, unknown barcodes and abandoned carts. Declared on `tables.metadata` with the
first use of one of them (`tables.sales` loads this module), with the first sale, stock change or
day's close: an idle controller does not build them (memory on a Pi 3, issue 23)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from byabutik.runtime.db import utcnow
from store_controller.db.tables import id_col, int_col, metadata, str_col, when_col

stock_levels = Table(
    "stock_levels",
    metadata,
    Column("product_id", Integer, ForeignKey("products.id"), primary_key=True),
    int_col("quantity", default=0),
    int_col("weight_g", default=0),
    when_col("updated_at", default=utcnow),
)


# The tables a sale writes whose key is text (`sales` too, migration 0014): WITHOUT ROWID on
# SQLite, so the key's B-tree is the table (a rowid table keeps its rows in one B-tree and the
# key in another). The movements
# are read by their id only (a pull's booked movements); no index beside it (issue 23).
stock_movements = Table(
    "stock_movements",
    metadata,
    str_col("movement_id", 36, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    when_col("occurred_at"),
    int_col("quantity_delta", default=0),
    int_col("weight_delta_g", default=0),
    str_col("reason", 16),
    Column("sale_id", String(36), nullable=True, default=None),
    Column("negative", Boolean, nullable=False, default=False),
    sqlite_with_rowid=False,
)


sales = Table(
    "sales",
    metadata,
    str_col("sale_id", 36, primary_key=True),
    str_col("register_id", 64),
    int_col("receipt_number"),
    when_col("occurred_at"),
    int_col("total_ore"),
    int_col("pant_ore", default=0),
    int_col("journal_seq"),
    UniqueConstraint("register_id", "receipt_number"),
    sqlite_with_rowid=False,
)


def _sale_id() -> Column[str]:
    return Column("sale_id", String(36), ForeignKey("sales.sale_id"), primary_key=True)


sale_lines = Table(
    "sale_lines",
    metadata,
    _sale_id(),
    Column("line_no", Integer, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    str_col("product_key", 14),
    str_col("name", 120),
    int_col("quantity"),
    Column("weight_g", Integer, nullable=True, default=None),
    int_col("unit_price_ore"),
    int_col("amount_ore"),
    int_col("pant_ore", default=0),
    str_col("vat_class", 16),
    int_col("vat_rate_bp"),
    Column("age_limit", Integer, nullable=True, default=None),
    sqlite_with_rowid=False,
)


sale_vat = Table(
    "sale_vat",
    metadata,
    _sale_id(),
    Column("rate_bp", Integer, primary_key=True),
    int_col("gross_ore"),
    int_col("vat_ore"),
    int_col("net_ore"),
    sqlite_with_rowid=False,
)


sale_payments = Table(
    "sale_payments",
    metadata,
    _sale_id(),
    str_col("provider", 32),
    str_col("method", 32),
    int_col("amount_ore"),
    str_col("reference", 64),
    Column("provider_reference", String(64), nullable=True, default=None),
    when_col("confirmed_at"),
    sqlite_with_rowid=False,
)


age_checks = Table(
    "age_checks",
    metadata,
    id_col(),
    Column("sale_id", String(36), ForeignKey("sales.sale_id"), nullable=False, index=True),
    str_col("order_ref", 64),
    int_col("required_age"),
    Column("passed", Boolean, nullable=False),
    str_col("identity_hash", 64),
    when_col("checked_at"),
)


# AUTOINCREMENT, as the outbox's. No index on `hash`: the head is read by `seq`, the chain
# verified in `seq` order (controller migration 0014).
journal_entries = Table(
    "journal_entries",
    metadata,
    Column("seq", Integer, primary_key=True),
    str_col("kind", 16),
    str_col("register_id", 64),
    Column("receipt_number", Integer, nullable=True, default=None),
    Column("body", Text, nullable=False),
    str_col("prev_hash", 64),
    str_col("hash", 64),
    when_col("created_at"),
    sqlite_autoincrement=True,
)


unknown_barcodes = Table(
    "unknown_barcodes",
    metadata,
    id_col(),
    when_col("scanned_at"),
    str_col("register_id", 64),
    Column("product_key", String(14), nullable=True, default=None),
    str_col("reason", 32),
    str_col("source", 40),
    Index("ix_unknown_barcodes_scanned_at", "scanned_at"),
)


abandoned_carts = Table(
    "abandoned_carts",
    metadata,
    id_col(),
    str_col("register_id", 64),
    when_col("started_at"),
    when_col("abandoned_at"),
    str_col("reason", 16),
    int_col("line_count"),
    int_col("total_ore"),
    Column("lines", JSON, nullable=False),
)
