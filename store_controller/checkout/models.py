"""Tables of the checkout: catalog, stock, sales, the journal, unknown barcodes, Z-reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped

from store_controller.db import tables
from store_controller.db.base import Base


class ProductRow(Base):
    """A product of the local catalog; `price_ore` is per piece, or per kg when sold by weight."""

    __table__ = tables.products

    id: Mapped[int]
    sku: Mapped[str]
    name: Mapped[str]
    price_ore: Mapped[int]
    vat_class: Mapped[str]
    pant_ore: Mapped[int]
    age_limit: Mapped[int | None]
    sold_by: Mapped[str]
    active: Mapped[bool]
    updated_at: Mapped[datetime]


class ProductCodeRow(Base):
    """A key that finds a product: a GTIN-14, or the 8-digit article of a Swedish 2X code."""

    __table__ = tables.product_codes

    code: Mapped[str]
    product_id: Mapped[int]


class StockLevelRow(Base):
    """On hand now: pieces, or grams for goods sold by weight; may go negative (flagged)."""

    __table__ = tables.stock_levels

    product_id: Mapped[int]
    quantity: Mapped[int]
    weight_g: Mapped[int]
    updated_at: Mapped[datetime]


class StockMovementRow(Base):
    """One change of stock; `negative` marks a movement that left the level below zero."""

    __table__ = tables.stock_movements

    movement_id: Mapped[str]
    product_id: Mapped[int]
    occurred_at: Mapped[datetime]
    quantity_delta: Mapped[int]
    weight_delta_g: Mapped[int]
    reason: Mapped[str]
    sale_id: Mapped[str | None]
    negative: Mapped[bool]


class SaleRow(Base):
    """A completed sale; `receipt_number` is unbroken and ascending per register."""

    __table__ = tables.sales

    sale_id: Mapped[str]
    register_id: Mapped[str]
    receipt_number: Mapped[int]
    occurred_at: Mapped[datetime]
    total_ore: Mapped[int]
    pant_ore: Mapped[int]
    journal_seq: Mapped[int]


class SaleLineRow(Base):
    """A receipt line; `amount_ore` excludes pant, which is `pant_ore` beside it."""

    __table__ = tables.sale_lines

    sale_id: Mapped[str]
    line_no: Mapped[int]
    product_id: Mapped[int]
    product_key: Mapped[str]
    name: Mapped[str]
    quantity: Mapped[int]
    weight_g: Mapped[int | None]
    unit_price_ore: Mapped[int]
    amount_ore: Mapped[int]
    pant_ore: Mapped[int]
    vat_class: Mapped[str]
    vat_rate_bp: Mapped[int]
    age_limit: Mapped[int | None]


class SaleVatRow(Base):
    """Gross, VAT and net at one rate of one sale."""

    __table__ = tables.sale_vat

    sale_id: Mapped[str]
    rate_bp: Mapped[int]
    gross_ore: Mapped[int]
    vat_ore: Mapped[int]
    net_ore: Mapped[int]


class SalePaymentRow(Base):
    """A payment the provider confirmed; `reference` is the sale id."""

    __table__ = tables.sale_payments

    sale_id: Mapped[str]
    provider: Mapped[str]
    method: Mapped[str]
    amount_ore: Mapped[int]
    reference: Mapped[str]
    provider_reference: Mapped[str | None]
    confirmed_at: Mapped[datetime]


class AgeCheckRow(Base):
    """A BankID age check at the kiosk: the order, the outcome and a keyed identity hash."""

    __table__ = tables.age_checks

    id: Mapped[int]
    sale_id: Mapped[str]
    order_ref: Mapped[str]
    required_age: Mapped[int]
    passed: Mapped[bool]
    identity_hash: Mapped[str]
    checked_at: Mapped[datetime]


class JournalEntryRow(Base):
    """Append-only, hash-chained: `hash` = SHA-256(previous hash + canonical JSON `body`)."""

    __table__ = tables.journal_entries

    seq: Mapped[int]
    kind: Mapped[str]
    register_id: Mapped[str]
    receipt_number: Mapped[int | None]
    body: Mapped[str]
    prev_hash: Mapped[str]
    hash: Mapped[str]
    created_at: Mapped[datetime]


class UnknownBarcodeRow(Base):
    """A scan that matched no active product, or could not be read: the owner's to-do list."""

    __table__ = tables.unknown_barcodes

    id: Mapped[int]
    scanned_at: Mapped[datetime]
    register_id: Mapped[str]
    product_key: Mapped[str | None]
    reason: Mapped[str]
    source: Mapped[str]


class AbandonedCartRow(Base):
    """A cart left idle (or cleared) without payment."""

    __table__ = tables.abandoned_carts

    id: Mapped[int]
    register_id: Mapped[str]
    started_at: Mapped[datetime]
    abandoned_at: Mapped[datetime]
    reason: Mapped[str]
    line_count: Mapped[int]
    total_ore: Mapped[int]
    lines: Mapped[list[dict[str, object]]]


class ZReportRow(Base):
    """A daily closing report; `body` is the wire `ZReport` as JSON."""

    __table__ = tables.z_reports

    register_id: Mapped[str]
    z_number: Mapped[int]
    business_date: Mapped[str]
    body: Mapped[dict[str, object]]
    created_at: Mapped[datetime]


class PendingPaymentRow(Base):
    """A payment asked of the provider and not yet settled, with the cart it pays for: after a
    crash the checkout asks the provider again and records the sale if it was paid."""

    __table__ = tables.pending_payments

    sale_id: Mapped[str]
    register_id: Mapped[str]
    provider: Mapped[str]
    amount_ore: Mapped[int]
    cart: Mapped[dict[str, object]]
    requested_at: Mapped[datetime]
    settled_at: Mapped[datetime | None]
    outcome: Mapped[str | None]
