"""Every controller table as a SQLAlchemy Core `Table` on one `MetaData`.

The idle path (start, sweeps, heartbeat, the monitor) reads and writes these with Core statements,
so a store that nobody visits never imports or configures the ORM (memory on a Pi 3, issue 23).
The mapped classes in each feature's `models.py` map onto these same tables (`__table__`), for the
code that still uses sessions; `store_controller.db.models` imports them all for Alembic.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Double,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from byabutik.runtime.db import NAMING_CONVENTION, UtcDateTime, utcnow
from store_controller.customers.status import CustomerStatus

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _str(name: str, length: int, **kw: object) -> Column[str]:
    return Column(name, String(length), nullable=False, **kw)  # type: ignore[arg-type]


def _int(name: str, **kw: object) -> Column[int]:
    return Column(name, Integer, nullable=False, **kw)  # type: ignore[arg-type]


def _when(name: str, *, nullable: bool = False, **kw: object) -> Column[object]:
    return Column(name, UtcDateTime(), nullable=nullable, **kw)  # type: ignore[arg-type]


alerts = Table(
    "alerts",
    metadata,
    _str("id", 36, primary_key=True),  # a UUID, also on the wire
    _str("category", 40, index=True),
    _str("severity", 16),
    _str("message", 500),
    Column("details", JSON, nullable=False, default=dict),
    _when("raised_at"),
    _when("cleared_at", nullable=True),
)

customers = Table(
    "customers",
    metadata,
    _id(),
    _str("identity_hash", 64, unique=True),
    Column("birth_date", Date, nullable=False),
    _str("name", 200),
    Column(
        "status",
        Enum(
            CustomerStatus,
            native_enum=False,
            length=16,
            values_callable=lambda statuses: [s.value for s in statuses],
        ),
        nullable=False,
        default=CustomerStatus.ACTIVE,
    ),
    _when("first_seen_at", default=utcnow),
    _when("last_seen_at", default=utcnow),
)

visits = Table(
    "visits",
    metadata,
    _str("id", 36, primary_key=True),  # a UUID, also on the wire
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=True, index=True),
    _when("decided_at"),
    _str("outcome", 40),
    Column("age", Integer, nullable=True),
    _when("door_opened_at", nullable=True),
    _when("door_closed_at", nullable=True),
)

door_audit = Table(
    "door_audit",
    metadata,
    _id(),
    _str("action", 40, index=True),
    _str("operator", 120),
    _str("reason", 500),
    Column("window_s", Double, nullable=True),
    _when("at"),
)

# AUTOINCREMENT: a sequence number is never reused, even after the newest row is deleted.
outbox = Table(
    "outbox",
    metadata,
    Column("seq", Integer, primary_key=True),
    _str("kind", 40),
    Column("payload", JSON, nullable=False),
    _when("created_at", default=utcnow),
    _when("acked_at", nullable=True, default=None),
    _when("quarantined_at", nullable=True, default=None),
    Index("ix_outbox_unacked", "acked_at", "seq"),
    sqlite_autoincrement=True,
)

sync_state = Table(
    "sync_state",
    metadata,
    _id(),
    _int("catalog_revision", default=0),
    Column("stock_cursor", BigInteger, nullable=False, default=0, server_default="0"),
    Column("store_settings", JSON, nullable=True, default=None),
    Column("access_policy", JSON, nullable=True, default=None),
    _str("catalog_features", 200, default="", server_default=""),
    _when("updated_at"),
)

member_accounts = Table(
    "member_accounts",
    metadata,
    _str("identity_hash", 64, primary_key=True),
    _int("credit_limit_ore"),
    _int("balance_ore", default=0),
    _when("approved_at", default=utcnow),
    _when("updated_at", default=utcnow),
)

member_ledger = Table(
    "member_ledger",
    metadata,
    _id(),
    _str("identity_hash", 64, index=True),
    _str("sale_id", 36, unique=True),
    _int("amount_ore"),
    _str("bankid_order_ref", 64),
    _when("charged_at"),
)

member_standings = Table(
    "member_standings",
    metadata,
    _str("identity_hash", 64, primary_key=True),
    Column("credit_limit_ore", Integer, nullable=True),
    Column("blocked", Boolean, nullable=False, default=False),
    _when("blocked_until", nullable=True, default=None),
)

# The checkout: catalog, stock, sales, the journal, unknown barcodes, Z-reports.

products = Table(
    "products",
    metadata,
    _id(),
    _str("sku", 40, unique=True),
    _str("name", 120),
    _int("price_ore"),
    _str("vat_class", 16),
    _int("pant_ore", default=0),
    Column("age_limit", Integer, nullable=True, default=None),
    _str("sold_by", 8, default="unit"),
    Column("active", Boolean, nullable=False, default=True),
    _when("updated_at", default=utcnow),
)

product_codes = Table(
    "product_codes",
    metadata,
    _str("code", 14, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False, index=True),
)

stock_levels = Table(
    "stock_levels",
    metadata,
    Column("product_id", Integer, ForeignKey("products.id"), primary_key=True),
    _int("quantity", default=0),
    _int("weight_g", default=0),
    _when("updated_at", default=utcnow),
)

stock_movements = Table(
    "stock_movements",
    metadata,
    _str("movement_id", 36, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False, index=True),
    _when("occurred_at"),
    _int("quantity_delta", default=0),
    _int("weight_delta_g", default=0),
    _str("reason", 16),
    Column("sale_id", String(36), nullable=True, default=None, index=True),
    Column("negative", Boolean, nullable=False, default=False),
)

sales = Table(
    "sales",
    metadata,
    _str("sale_id", 36, primary_key=True),
    _str("register_id", 64),
    _int("receipt_number"),
    _when("occurred_at", index=True),
    _int("total_ore"),
    _int("pant_ore", default=0),
    _int("journal_seq"),
    UniqueConstraint("register_id", "receipt_number"),
)


def _sale_id() -> Column[str]:
    return Column("sale_id", String(36), ForeignKey("sales.sale_id"), primary_key=True)


sale_lines = Table(
    "sale_lines",
    metadata,
    _sale_id(),
    Column("line_no", Integer, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    _str("product_key", 14),
    _str("name", 120),
    _int("quantity"),
    Column("weight_g", Integer, nullable=True, default=None),
    _int("unit_price_ore"),
    _int("amount_ore"),
    _int("pant_ore", default=0),
    _str("vat_class", 16),
    _int("vat_rate_bp"),
    Column("age_limit", Integer, nullable=True, default=None),
)

sale_vat = Table(
    "sale_vat",
    metadata,
    _sale_id(),
    Column("rate_bp", Integer, primary_key=True),
    _int("gross_ore"),
    _int("vat_ore"),
    _int("net_ore"),
)

sale_payments = Table(
    "sale_payments",
    metadata,
    _sale_id(),
    _str("provider", 32),
    _str("method", 32),
    _int("amount_ore"),
    _str("reference", 64),
    Column("provider_reference", String(64), nullable=True, default=None),
    _when("confirmed_at"),
)

age_checks = Table(
    "age_checks",
    metadata,
    _id(),
    Column("sale_id", String(36), ForeignKey("sales.sale_id"), nullable=False, index=True),
    _str("order_ref", 64),
    _int("required_age"),
    Column("passed", Boolean, nullable=False),
    _str("identity_hash", 64),
    _when("checked_at"),
)

journal_entries = Table(
    "journal_entries",
    metadata,
    Column("seq", Integer, primary_key=True),
    _str("kind", 16),
    _str("register_id", 64),
    Column("receipt_number", Integer, nullable=True, default=None),
    Column("body", Text, nullable=False),
    _str("prev_hash", 64),
    _str("hash", 64, unique=True),
    _when("created_at"),
    sqlite_autoincrement=True,
)

unknown_barcodes = Table(
    "unknown_barcodes",
    metadata,
    _id(),
    _when("scanned_at"),
    _str("register_id", 64),
    Column("product_key", String(14), nullable=True, default=None),
    _str("reason", 32),
    _str("source", 40),
    Index("ix_unknown_barcodes_scanned_at", "scanned_at"),
)

abandoned_carts = Table(
    "abandoned_carts",
    metadata,
    _id(),
    _str("register_id", 64),
    _when("started_at"),
    _when("abandoned_at"),
    _str("reason", 16),
    _int("line_count"),
    _int("total_ore"),
    Column("lines", JSON, nullable=False),
)

z_reports = Table(
    "z_reports",
    metadata,
    Column("register_id", String(64), primary_key=True),
    Column("z_number", Integer, primary_key=True),
    _str("business_date", 10),
    Column("body", JSON, nullable=False),
    _when("created_at"),
    UniqueConstraint("register_id", "business_date"),
)

# A payment asked of the provider and not yet settled, with the cart it pays for.
pending_payments = Table(
    "pending_payments",
    metadata,
    _str("sale_id", 36, primary_key=True),
    _str("register_id", 64),
    _str("provider", 32),
    _int("amount_ore"),
    Column("cart", JSON, nullable=False),
    _when("requested_at"),
    _when("settled_at", nullable=True, default=None),
    Column("outcome", String(16), nullable=True, default=None),
)
