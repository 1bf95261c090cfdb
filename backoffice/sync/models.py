"""Sync bookkeeping: every outbox entry received, and each store's contiguous high-water mark."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
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
    identity: Mapped[str | None] = mapped_column(
        String(120).with_variant(String(120, collation="C"), "postgresql"), default=None
    )
    """The fact's own key (sale:<id>, ...; backoffice.sync.quarantine.identity_of); compared
    byte by byte on PostgreSQL (migration 0049: its index written without locale compares)."""
    digest: Mapped[str | None] = mapped_column(String(64), default=None)
    """sha256 of the payload as the wire model writes it: a replay under this seq must match."""

    __table_args__ = (Index("ix_sync_received_identity", "store_id", "identity"),)


class SyncCursor(Base):
    """Per store: every entry 1..acked_through is held. Its row is the store's push lock."""

    __tablename__ = "sync_cursors"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    acked_through: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime]


class QuarantinedEntry(Base):
    """A record a store sent that was not applied, kept verbatim with the reason.

    `reason` is "conflict" (same identity or sequence as a record already held, other content:
    `kept_seq` names the one kept) or "refused" (the wire's checks failed: `detail` says which
    field). Nothing here is ever deleted by sync.
    """

    __tablename__ = "sync_quarantine"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text)
    identity: Mapped[str | None] = mapped_column(String(120))
    kept_seq: Mapped[int | None] = mapped_column(BigInteger)
    digest: Mapped[str] = mapped_column(String(64))
    entry: Mapped[object] = mapped_column(JSON)
    """The entry as received, verbatim."""
    received_at: Mapped[datetime]
