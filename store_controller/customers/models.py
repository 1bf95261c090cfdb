"""Local customer records and their visits.

Privacy (ARCHITECTURE.md): the controller never stores a personal identity number, only its keyed
hash (HMAC-SHA256 with the store's secret), the birth date (for age rules), the name BankID gave,
and the status the owner set.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from byabutik.runtime.db import utcnow
from store_controller.db.base import Base


class CustomerStatus(enum.StrEnum):
    ACTIVE = "active"
    MEMBER = "member"
    BLOCKED = "blocked"


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    identity_hash: Mapped[str] = mapped_column(String(64), unique=True)
    birth_date: Mapped[date]
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[CustomerStatus] = mapped_column(
        Enum(
            CustomerStatus,
            native_enum=False,
            length=16,
            values_callable=lambda statuses: [s.value for s in statuses],
        ),
        default=CustomerStatus.ACTIVE,
    )
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class VisitRecord(Base):
    """One entry attempt at the door: the decision and, if granted, when the door moved."""

    __tablename__ = "visits"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # a UUID, also on the wire
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    decided_at: Mapped[datetime]
    outcome: Mapped[str] = mapped_column(String(40))
    age: Mapped[int | None]
    door_opened_at: Mapped[datetime | None]
    door_closed_at: Mapped[datetime | None]
