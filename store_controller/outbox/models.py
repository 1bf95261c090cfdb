"""Outbox rows: written in the same transaction as the fact they report, sent later by sync."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from byabutik.runtime.db import utcnow
from store_controller.db.base import Base


class OutboxEntry(Base):
    """One message for the backoffice; `seq` is the store's gap-free delivery sequence."""

    __tablename__ = "outbox"
    # AUTOINCREMENT: a sequence number is never reused, even after the newest row is deleted.
    __table_args__ = (
        Index("ix_outbox_unacked", "acked_at", "seq"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    acked_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the backoffice acknowledged holding it (applied, or kept in quarantine)."""
    quarantined_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the backoffice said it refused this entry and keeps it in quarantine (the owner
    sees why there); the row stays here, like every other."""
