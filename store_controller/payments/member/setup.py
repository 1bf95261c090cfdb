"""Scripted member set-up (the demo): make a known identity an approved member."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from retail import Personnummer
from store_controller.customers.models import Customer
from store_controller.payments.member.accounts import approve_member

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def ensure_member(
    session: Session,
    *,
    personal_number: str,
    name: str,
    hash_key: bytes,
    limit_ore: int,
    at: datetime,
) -> str:
    """Create (if needed) and approve the customer `personal_number`; only its keyed hash and
    birth date are stored. Returns the identity hash."""
    number = Personnummer.parse(personal_number)
    identity_hash = number.keyed_hash(hash_key)
    customer = session.scalar(select(Customer).where(Customer.identity_hash == identity_hash))
    if customer is None:
        customer = Customer(
            identity_hash=identity_hash,
            birth_date=number.birth_date,
            name=name,
            first_seen_at=at,
            last_seen_at=at,
        )
        session.add(customer)
        session.flush()
    approve_member(session, customer, limit_ore=limit_ore, at=at)
    return identity_hash
