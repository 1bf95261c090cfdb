"""The door's audit trail: remote unlocks, maintenance and lock-downs, who asked and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped

from store_controller.db import tables
from store_controller.db.base import Base


class DoorAuditRecord(Base):
    """One `RecordAudit` of the door machine, with the UTC wall time the glue added."""

    __table__ = tables.door_audit

    id: Mapped[int]
    action: Mapped[str]
    operator: Mapped[str]
    reason: Mapped[str]
    window_s: Mapped[float | None]
    at: Mapped[datetime]
