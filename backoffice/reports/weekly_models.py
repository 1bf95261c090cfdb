"""Who asked for the weekly summary e-mail, and which week each person was sent (one row per
person and week: the unique key is what keeps two workers from sending it twice)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class WeeklySubscription(Base):
    __tablename__ = "weekly_summary_subscriptions"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    since: Mapped[datetime]


class WeeklySend(Base):
    __tablename__ = "weekly_summary_sends"
    __table_args__ = (UniqueConstraint("person_id", "week"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(8), comment="ISO week, 2026-W18")
    worker: Mapped[str] = mapped_column(String(128))
    claimed_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
