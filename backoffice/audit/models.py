"""The audit log's table: one row per recorded act, chained by SHA-256 like the sales journal."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class AuditRecord(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True, comment="the chain's order")
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(default=None, comment="people.id, no FK: kept")
    actor: Mapped[str] = mapped_column(String(254), comment="e-mail, token name or 'system'")
    address: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(64))
    store_id: Mapped[int | None] = mapped_column(default=None)
    association_id: Mapped[int | None] = mapped_column(
        default=None, index=True, comment="associations.id, no FK: kept"
    )
    target: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[str | None] = mapped_column(Text, default=None, comment="JSON")
    after: Mapped[str | None] = mapped_column(Text, default=None, comment="JSON")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
