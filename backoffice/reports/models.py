"""Rollups the reports read instead of the raw sales: exact sums per store and UTC hour (or UTC
month for products), kept by database triggers on every insert into the raw tables.

Why UTC buckets: a report's days are local days in a time zone given per request. Every whole
hour of UTC is a whole hour of local time in a zone with a whole-hour offset (Europe/Stockholm),
so local days, weeks and months are unions of hourly buckets; any part of a range that is not a
whole bucket (a half-hour zone, a month cut by the range) is read from the raw rows instead.
The triggers live in migration 0006; the raw tables are append-only (nothing updates or deletes
sales), so a rollup equals the sum of the raw rows it covers, to the öre.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base
from backoffice.sales.models import Sale
from backoffice.stock.models import StockMovement
from backoffice.visits.models import Visit


class SalesHour(Base):
    """Receipts of one store in one UTC hour: purchases (total >= 0) and returns (total < 0)."""

    __tablename__ = "report_sales_hourly"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    hour: Mapped[datetime] = mapped_column(primary_key=True, comment="start of the UTC hour")
    receipt_count: Mapped[int] = mapped_column(BigInteger)
    return_count: Mapped[int] = mapped_column(BigInteger)
    sales_ore: Mapped[int] = mapped_column(BigInteger, comment="sum of totals >= 0")
    returns_ore: Mapped[int] = mapped_column(BigInteger, comment="sum of totals < 0")


class VatHour(Base):
    """The receipts' VAT rows of one store, UTC hour and rate, summed."""

    __tablename__ = "report_vat_hourly"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    hour: Mapped[datetime] = mapped_column(primary_key=True)
    rate_bp: Mapped[int] = mapped_column(Integer, primary_key=True)
    gross_ore: Mapped[int] = mapped_column(BigInteger)
    vat_ore: Mapped[int] = mapped_column(BigInteger)
    net_ore: Mapped[int] = mapped_column(BigInteger)


class PaymentHour(Base):
    """Payments of one store, UTC hour and method, summed (a refund is negative)."""

    __tablename__ = "report_payments_hourly"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    hour: Mapped[datetime] = mapped_column(primary_key=True)
    method: Mapped[str] = mapped_column(String(20), primary_key=True)
    payment_count: Mapped[int] = mapped_column(BigInteger)
    amount_ore: Mapped[int] = mapped_column(BigInteger)


class ProductMonth(Base):
    """Sale lines of one store, UTC month, product, line kind and VAT rate, summed."""

    __tablename__ = "report_products_monthly"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    month: Mapped[datetime] = mapped_column(primary_key=True, comment="start of the UTC month")
    product_key: Mapped[str] = mapped_column(String(14), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    vat_class: Mapped[str] = mapped_column(String(16), primary_key=True)
    vat_rate_bp: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(
        String(120), comment="a name its lines carry (the latest insert's)"
    )
    line_count: Mapped[int] = mapped_column(BigInteger)
    quantity: Mapped[int] = mapped_column(BigInteger)
    weight_g: Mapped[int] = mapped_column(BigInteger)
    amount_ore: Mapped[int] = mapped_column(BigInteger)


class VisitHour(Base):
    """Door entry attempts of one store, UTC hour and outcome, counted."""

    __tablename__ = "report_visits_hourly"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    hour: Mapped[datetime] = mapped_column(primary_key=True)
    outcome: Mapped[str] = mapped_column(String(32), primary_key=True)
    visit_count: Mapped[int] = mapped_column(BigInteger)


class AccountingProfile(Base):
    """How one legal entity (by organisation number) books its takings: the company name on its
    SIE files and its BAS account mapping (JSON of `accounts.BasMapping`)."""

    __tablename__ = "accounting_profiles"

    org_number: Mapped[str] = mapped_column(String(20), primary_key=True)
    company_name: Mapped[str] = mapped_column(String(200))
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime]


# Indexes on other contexts' tables that the reports need (declared here, beside their reason):
# a register's receipts by number (Z-report reconciliation, the journal export) and a store's
# visits by time (distinct customers per month), waste and stocktakes by time.
Index("ix_sales_store_register_receipt", Sale.store_id, Sale.register_id, Sale.receipt_number)
# A register's returns (receipts below zero, rare) by number: the Z-report list counts them.
Index(
    "ix_sales_returns",
    Sale.store_id,
    Sale.register_id,
    Sale.receipt_number,
    sqlite_where=Sale.total_ore < 0,
    postgresql_where=Sale.total_ore < 0,
)
Index("ix_visits_store_occurred", Visit.store_id, Visit.occurred_at)
Index(
    "ix_stock_movements_store_reason_occurred",
    StockMovement.store_id,
    StockMovement.reason,
    StockMovement.occurred_at,
)
