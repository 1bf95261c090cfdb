"""Alerts raised in the store (door forced, held open, lock fault, scanner lost, ...)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped

from store_controller.db import tables
from store_controller.db.base import Base


class AlertRecord(Base):
    __table__ = tables.alerts

    id: Mapped[str]
    category: Mapped[str]
    severity: Mapped[str]
    message: Mapped[str]
    details: Mapped[dict[str, object]]
    raised_at: Mapped[datetime]
    cleared_at: Mapped[datetime | None]
