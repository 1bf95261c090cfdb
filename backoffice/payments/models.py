"""Swish callbacks as they arrived, and what Swish said when asked afterwards."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class SwishCallback(Base):
    """One callback POST: `reported_status` is the body's claim, `verified_status` Swish's."""

    __tablename__ = "swish_callbacks"
    __table_args__ = (Index("ix_swish_callbacks_swish_id", "swish_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    received_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16), comment="payment or refund")
    swish_id: Mapped[str] = mapped_column(String(36), comment="the instruction id")
    payee_payment_reference: Mapped[str | None] = mapped_column(
        String(36), comment="our reference (the sale id without hyphens)"
    )
    reported_status: Mapped[str | None] = mapped_column(String(16))
    body: Mapped[dict[str, Any]] = mapped_column(JSON, comment="the callback body as received")
    verified_status: Mapped[str | None] = mapped_column(String(16))
    verified_amount_ore: Mapped[int | None] = mapped_column(BigInteger)
    payment_reference: Mapped[str | None] = mapped_column(String(64))
    error_code: Mapped[str | None] = mapped_column(String(16))
    verified_at: Mapped[datetime | None]
    fetch_error: Mapped[str | None] = mapped_column(String(300))
