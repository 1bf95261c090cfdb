"""Door entry attempts reported by the stores."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import BigInteger, ForeignKey, Index, String
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


class CustomerName(Base):
    """Who a BankID customer of a store is, as the store's door last reported it: name and
    birth date (never the identity number). Removed by an erasure, and by the visit retention
    job once the person has no visit left and no member account."""

    __tablename__ = "customer_names"
    __table_args__ = (Index("ix_customer_names_name", "store_id", "name"),)

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    identity_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    birth_date: Mapped[date]
    seen_at: Mapped[datetime]
    """When the visit that brought them happened (a later visit's name wins)."""
