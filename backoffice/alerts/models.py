"""Alerts raised by the stores (a second report with the same id clears one)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class Alert(Base):
    __tablename__ = "alerts"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    alert_id: Mapped[UUID] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(String(500))
    raised_at: Mapped[datetime]
    cleared_at: Mapped[datetime | None]
    received_at: Mapped[datetime]
