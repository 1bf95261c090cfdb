"""Heartbeats: every one received (history), and the latest per store."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class HeartbeatRecord(Base):
    __tablename__ = "heartbeats"
    __table_args__ = (Index("ix_heartbeats_store_received", "store_id", "received_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    received_at: Mapped[datetime]
    body: Mapped[dict[str, Any]] = mapped_column(JSON, comment="the wire Heartbeat as JSON")


class StoreStatus(Base):
    """The latest heartbeat of a store, and when it arrived (by the backoffice's clock)."""

    __tablename__ = "store_status"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    received_at: Mapped[datetime]
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
