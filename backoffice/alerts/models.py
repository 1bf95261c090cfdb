"""Alerts: what the stores reported (`Alert`, one row per controller alert id), and the
lifecycle a volunteer works with (`AlertCase`: one open case per store and kind, with its
`AlertEvent` history)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base

OPEN, ACKNOWLEDGED, RESOLVED = "open", "acknowledged", "resolved"
STATUSES = (OPEN, ACKNOWLEDGED, RESOLVED)
SEVERITIES = ("critical", "warning", "info")
NOT_RESOLVED = text("status != 'resolved'")


class Alert(Base):
    """One alert as a store reported it (a second report with the same id clears it)."""

    __tablename__ = "alerts"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    alert_id: Mapped[UUID] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(String(500))
    raised_at: Mapped[datetime]
    cleared_at: Mapped[datetime | None]
    received_at: Mapped[datetime]


class AlertCase(Base):
    """One alert as volunteers see it: open -> acknowledged -> resolved, never reopened (a new
    occurrence after resolution is a new case). Times `first_seen`/`last_seen` are when it
    happened (the store's clock for store reports); `opened_at` is our clock."""

    __tablename__ = "alert_cases"
    __table_args__ = (
        Index(
            "uq_alert_cases_one_open",
            "store_id",
            "kind",
            unique=True,
            sqlite_where=NOT_RESOLVED,
            postgresql_where=NOT_RESOLVED,
        ),
        Index("ix_alert_cases_status_store", "status", "store_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    kind: Mapped[str] = mapped_column(String(48))
    source: Mapped[str] = mapped_column(String(16), comment="store (reported) or rule")
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(String(500), comment="the latest occurrence's words")
    count: Mapped[int]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    opened_at: Mapped[datetime]
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))
    acknowledged_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(200), comment="None: by its rule")
    resolved_at: Mapped[datetime | None]
    resolution_note: Mapped[str | None] = mapped_column(String(1000))
    escalation_stage: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="0 on watch told, 1 the next person, 2 everyone"
    )


class AlertEvent(Base):
    """The history of a case: raised, repeated, acknowledged, resolved, cleared, escalated..."""

    __tablename__ = "alert_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    case_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("alert_cases.id"), index=True
    )
    at: Mapped[datetime] = mapped_column(comment="our clock")
    action: Mapped[str] = mapped_column(String(24))
    actor: Mapped[str | None] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(String(1000), default="")
