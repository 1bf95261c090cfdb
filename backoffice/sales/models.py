"""Sales as the stores report them: the sale, its lines, its VAT rows and its payments."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, ForeignKey, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


def _sale_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["store_id", "sale_id"], ["sales.store_id", "sales.sale_id"])


class Sale(Base):
    __tablename__ = "sales"
    __table_args__ = (Index("ix_sales_store_occurred", "store_id", "occurred_at"),)

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    sale_id: Mapped[UUID] = mapped_column(primary_key=True)
    register_id: Mapped[str] = mapped_column(String(64))
    receipt_number: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime] = mapped_column(comment="the store's clock")
    total_ore: Mapped[int] = mapped_column(BigInteger)
    customer_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    seq: Mapped[int] = mapped_column(BigInteger, comment="outbox sequence that brought it")
    received_at: Mapped[datetime]


class SaleLine(Base):
    __tablename__ = "sale_lines"
    __table_args__ = (_sale_fk(),)

    store_id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[UUID] = mapped_column(primary_key=True)
    line_no: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), default="goods", server_default="goods")
    product_key: Mapped[str] = mapped_column(String(14))
    name: Mapped[str] = mapped_column(String(120))
    quantity: Mapped[int]
    weight_g: Mapped[int | None]
    unit_price_ore: Mapped[int] = mapped_column(BigInteger)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    vat_class: Mapped[str] = mapped_column(String(16))
    vat_rate_bp: Mapped[int]
    age_limit: Mapped[int]


class SaleVat(Base):
    __tablename__ = "sale_vat"
    __table_args__ = (_sale_fk(),)

    store_id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[UUID] = mapped_column(primary_key=True)
    rate_bp: Mapped[int] = mapped_column(primary_key=True)
    gross_ore: Mapped[int] = mapped_column(BigInteger)
    vat_ore: Mapped[int] = mapped_column(BigInteger)
    net_ore: Mapped[int] = mapped_column(BigInteger)


class SalePayment(Base):
    __tablename__ = "sale_payments"
    __table_args__ = (_sale_fk(),)

    store_id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[UUID] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    method: Mapped[str] = mapped_column(String(20))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime]
