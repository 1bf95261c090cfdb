"""Local customer records and their visits.

Privacy (ARCHITECTURE.md): the controller never stores a personal identity number, only its keyed
hash (HMAC-SHA256 with the store's secret), the birth date (for age rules), the name BankID gave,
and the status the owner set.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped

from store_controller.customers.status import CustomerStatus
from store_controller.db import tables
from store_controller.db.base import Base


class Customer(Base):
    __table__ = tables.customers

    id: Mapped[int]
    identity_hash: Mapped[str]
    birth_date: Mapped[date]
    name: Mapped[str]
    status: Mapped[CustomerStatus]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class VisitRecord(Base):
    """One entry attempt at the door: the decision and, if granted, when the door moved."""

    __table__ = tables.visits

    id: Mapped[str]
    customer_id: Mapped[int | None]
    decided_at: Mapped[datetime]
    outcome: Mapped[str]
    age: Mapped[int | None]
    door_opened_at: Mapped[datetime | None]
    door_closed_at: Mapped[datetime | None]
