"""Alerts raised in the store (door forced, held open, lock fault, scanner lost, ...)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from store_controller.db.base import Base


class AlertRecord(Base):
    __tablename__ = "alerts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # a UUID, also on the wire
    category: Mapped[str] = mapped_column(String(40), index=True)
    severity: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(String(500))
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    raised_at: Mapped[datetime]
    cleared_at: Mapped[datetime | None]
