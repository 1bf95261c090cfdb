"""Sync bookkeeping: every outbox entry received, and each store's contiguous high-water mark."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class ReceivedEntry(Base):
    """One applied outbox entry; the primary key (store, seq) is what makes replays harmless."""

    __tablename__ = "sync_received"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(comment="the store's clock: informative only")
    received_at: Mapped[datetime] = mapped_column(comment="the backoffice's clock")


class SyncCursor(Base):
    """Per store: every entry 1..acked_through is held. Its row is the store's push lock."""

    __tablename__ = "sync_cursors"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    acked_through: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime]
