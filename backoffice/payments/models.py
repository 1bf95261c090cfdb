"""Swish callbacks as they arrived, what Swish said when asked afterwards, and the stores' own
records of their payments."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Uuid
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


class StorePayment(Base):
    """A payment as its store last reported it (`retail.wire.PaymentRecord`): one row per store
    and sale id, moved on by each later state; a final state is never replaced."""

    __tablename__ = "store_payments"
    __table_args__ = (Index("ix_store_payments_store_id_requested_at", "store_id", "requested_at"),)

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    sale_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(
        String(16), comment="created, paid, declined, cancelled, error or unresolved"
    )
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    requested_at: Mapped[datetime]
    state_at: Mapped[datetime] = mapped_column(comment="when the store saw this state")
    received_at: Mapped[datetime]
