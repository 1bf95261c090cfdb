"""Door entry attempts reported by the stores."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class Visit(Base):
    __tablename__ = "visits"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    visit_id: Mapped[UUID] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(32))
    identity_hash: Mapped[str | None] = mapped_column(String(64))
    age: Mapped[int | None]
    door_opened_at: Mapped[datetime | None]
    door_closed_at: Mapped[datetime | None]
    seq: Mapped[int] = mapped_column(BigInteger)
