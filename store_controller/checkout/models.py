"""Tables of the checkout: catalog, stock, sales, the journal, unknown barcodes, Z-reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from byabutik.runtime.db import utcnow
from store_controller.db.base import Base


class ProductRow(Base):
    """A product of the local catalog; `price_ore` is per piece, or per kg when sold by weight."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    price_ore: Mapped[int]
    vat_class: Mapped[str] = mapped_column(String(16))
    pant_ore: Mapped[int] = mapped_column(default=0)
    age_limit: Mapped[int | None] = mapped_column(default=None)
    sold_by: Mapped[str] = mapped_column(String(8), default="unit")
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProductCodeRow(Base):
    """A key that finds a product: a GTIN-14, or the 8-digit article of a Swedish 2X code."""

    __tablename__ = "product_codes"

    code: Mapped[str] = mapped_column(String(14), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)


class StockLevelRow(Base):
    """On hand now: pieces, or grams for goods sold by weight; may go negative (flagged)."""

    __tablename__ = "stock_levels"

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(default=0)
    weight_g: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class StockMovementRow(Base):
    """One change of stock; `negative` marks a movement that left the level below zero."""

    __tablename__ = "stock_movements"

    movement_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    occurred_at: Mapped[datetime]
    quantity_delta: Mapped[int] = mapped_column(default=0)
    weight_delta_g: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(16))
    sale_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    negative: Mapped[bool] = mapped_column(default=False)


class SaleRow(Base):
    """A completed sale; `receipt_number` is unbroken and ascending per register."""

    __tablename__ = "sales"
    __table_args__ = (UniqueConstraint("register_id", "receipt_number"),)

    sale_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    register_id: Mapped[str] = mapped_column(String(64))
    receipt_number: Mapped[int]
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    total_ore: Mapped[int]
    pant_ore: Mapped[int] = mapped_column(default=0)
    journal_seq: Mapped[int]


class SaleLineRow(Base):
    """A receipt line; `amount_ore` excludes pant, which is `pant_ore` beside it."""

    __tablename__ = "sale_lines"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.sale_id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    product_key: Mapped[str] = mapped_column(String(14))
    name: Mapped[str] = mapped_column(String(120))
    quantity: Mapped[int]
    weight_g: Mapped[int | None] = mapped_column(default=None)
    unit_price_ore: Mapped[int]
    amount_ore: Mapped[int]
    pant_ore: Mapped[int] = mapped_column(default=0)
    vat_class: Mapped[str] = mapped_column(String(16))
    vat_rate_bp: Mapped[int]
    age_limit: Mapped[int | None] = mapped_column(default=None)


class SaleVatRow(Base):
    """Gross, VAT and net at one rate of one sale."""

    __tablename__ = "sale_vat"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.sale_id"), primary_key=True)
    rate_bp: Mapped[int] = mapped_column(primary_key=True)
    gross_ore: Mapped[int]
    vat_ore: Mapped[int]
    net_ore: Mapped[int]


class SalePaymentRow(Base):
    """A payment the provider confirmed; `reference` is the sale id."""

    __tablename__ = "sale_payments"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.sale_id"), primary_key=True)
    provider: Mapped[str] = mapped_column(String(32))
    method: Mapped[str] = mapped_column(String(32))
    amount_ore: Mapped[int]
    reference: Mapped[str] = mapped_column(String(64))
    provider_reference: Mapped[str | None] = mapped_column(String(64), default=None)
    confirmed_at: Mapped[datetime]


class AgeCheckRow(Base):
    """A BankID age check at the kiosk: the order, the outcome and a keyed identity hash."""

    __tablename__ = "age_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.sale_id"), index=True)
    order_ref: Mapped[str] = mapped_column(String(64))
    required_age: Mapped[int]
    passed: Mapped[bool]
    identity_hash: Mapped[str] = mapped_column(String(64))
    checked_at: Mapped[datetime]


class JournalEntryRow(Base):
    """Append-only, hash-chained: `hash` = SHA-256(previous hash + canonical JSON `body`)."""

    __tablename__ = "journal_entries"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    register_id: Mapped[str] = mapped_column(String(64))
    receipt_number: Mapped[int | None] = mapped_column(default=None)
    body: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]


class UnknownBarcodeRow(Base):
    """A scan that matched no active product, or could not be read: the owner's to-do list."""

    __tablename__ = "unknown_barcodes"
    __table_args__ = (Index("ix_unknown_barcodes_scanned_at", "scanned_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scanned_at: Mapped[datetime]
    register_id: Mapped[str] = mapped_column(String(64))
    product_key: Mapped[str | None] = mapped_column(String(14), default=None)
    reason: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(40))


class AbandonedCartRow(Base):
    """A cart left idle (or cleared) without payment."""

    __tablename__ = "abandoned_carts"

    id: Mapped[int] = mapped_column(primary_key=True)
    register_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime]
    abandoned_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(16))
    line_count: Mapped[int]
    total_ore: Mapped[int]
    lines: Mapped[list[dict[str, object]]] = mapped_column(JSON)


class ZReportRow(Base):
    """A daily closing report; `body` is the wire `ZReport` as JSON."""

    __tablename__ = "z_reports"
    __table_args__ = (UniqueConstraint("register_id", "business_date"),)

    register_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    z_number: Mapped[int] = mapped_column(primary_key=True)
    business_date: Mapped[str] = mapped_column(String(10))
    body: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime]


class PendingPaymentRow(Base):
    """A payment asked of the provider and not yet settled, with the cart it pays for: after a
    crash the checkout asks the provider again and records the sale if it was paid."""

    __tablename__ = "pending_payments"

    sale_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    register_id: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(String(32))
    amount_ore: Mapped[int]
    cart: Mapped[dict[str, object]] = mapped_column(JSON)
    requested_at: Mapped[datetime]
    settled_at: Mapped[datetime | None] = mapped_column(default=None)
    outcome: Mapped[str | None] = mapped_column(String(16), default=None)
