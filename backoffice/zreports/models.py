"""Daily closing reports (Z-rapporter) per register."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class ZReport(Base):
    __tablename__ = "z_reports"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    register_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    z_number: Mapped[int] = mapped_column(primary_key=True)
    business_date: Mapped[date]
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime]
    receipt_count: Mapped[int]
    sales_ore: Mapped[int] = mapped_column(BigInteger)
    returns_ore: Mapped[int] = mapped_column(BigInteger)
    grand_total_ore: Mapped[int] = mapped_column(BigInteger)
    grand_sales_ore: Mapped[int] = mapped_column(
        BigInteger, comment="the register's sales since it was taken into use, to this Z-report"
    )
    grand_returns_ore: Mapped[int] = mapped_column(
        BigInteger, comment="the register's returns since it was taken into use (zero or below)"
    )
    body: Mapped[dict[str, Any]] = mapped_column(JSON, comment="the wire ZReport as JSON")
    seq: Mapped[int] = mapped_column(BigInteger)
