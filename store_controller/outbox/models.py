"""Outbox rows: written in the same transaction as the fact they report, sent later by sync."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped

from store_controller.db import tables
from store_controller.db.base import Base


class OutboxEntry(Base):
    """One message for the backoffice; `seq` is the store's gap-free delivery sequence."""

    __table__ = tables.outbox

    seq: Mapped[int]
    kind: Mapped[str]
    payload: Mapped[dict[str, object]]
    created_at: Mapped[datetime]
    acked_at: Mapped[datetime | None]
    """When the backoffice acknowledged holding it (applied, or kept in quarantine)."""
    quarantined_at: Mapped[datetime | None]
    """When the backoffice said it refused this entry and keeps it in quarantine (the owner
    sees why there); the row stays here, like every other."""
