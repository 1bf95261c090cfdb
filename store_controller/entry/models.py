"""The door's audit trail: remote unlocks, maintenance and lock-downs, who asked and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from store_controller.db.base import Base


class DoorAuditRecord(Base):
    """One `RecordAudit` of the door machine, with the UTC wall time the glue added."""

    __tablename__ = "door_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    operator: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(500))
    window_s: Mapped[float | None]
    at: Mapped[datetime]
