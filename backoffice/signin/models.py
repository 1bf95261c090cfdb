"""A started BankID order, kept server side: the browser holds only a random cookie token
(its SHA-256 is here); the QR secret never leaves this table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class BankIdOrder(Base):
    __tablename__ = "bankid_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(10), comment="signin or link")
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), default=None, comment="link: whose"
    )
    order_ref: Mapped[str] = mapped_column(String(100))
    auto_start_token: Mapped[str] = mapped_column(String(100))
    qr_start_token: Mapped[str] = mapped_column(String(100))
    qr_start_secret: Mapped[str] = mapped_column(String(100))
    # wall-clock epoch seconds when BankID answered, so every worker draws the same QR frame
    started_at: Mapped[float] = mapped_column(Float)
    same_device: Mapped[bool] = mapped_column(default=False)
    next: Mapped[str] = mapped_column(String(2000), default="/")
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
