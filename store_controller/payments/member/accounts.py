"""Member accounts in the database: approve, charge (idempotent by sale), find a charge.

Every function works inside the caller's session; `charge` expects a write transaction that
was begun with BEGIN IMMEDIATE, so two charges on one account cannot race past the limit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from store_controller.customers.status import CustomerStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from store_controller.customers.models import Customer


class Refusal(enum.StrEnum):
    """Why a member charge was refused."""

    NOT_A_MEMBER = "not_a_member"
    OVER_LIMIT = "over_limit"
    BLOCKED = "blocked"


@dataclass(frozen=True, slots=True)
class Charge:
    sale_id: str
    amount_ore: int
    charged_at: datetime
    bankid_order_ref: str
    balance_ore: int | None = None
    """What the member owes on the account now (after this charge), for the receipt screen."""
    credit_limit_ore: int | None = None
    identity_hash: str | None = None
    """Whose account was charged (the keyed hash), for the sale the backoffice books."""


def find_charge(session: Session, sale_id: str) -> Charge | None:
    # the ORM and the models load on first use, not with the controller
    from store_controller.payments.member.models import MemberAccountRow, MemberLedgerRow

    row = session.scalar(select(MemberLedgerRow).where(MemberLedgerRow.sale_id == sale_id))
    if row is None:
        return None
    account = session.get(MemberAccountRow, row.identity_hash)
    return Charge(
        row.sale_id,
        row.amount_ore,
        row.charged_at,
        row.bankid_order_ref,
        None if account is None else account.balance_ore,
        None if account is None else account.credit_limit_ore,
        row.identity_hash,
    )


def charge(
    session: Session,
    *,
    identity_hash: str,
    sale_id: str,
    amount_ore: int,
    bankid_order_ref: str,
    at: datetime,
) -> Charge | Refusal:
    """Charge `amount_ore` for `sale_id` to the member `identity_hash` (balance and a ledger
    row, in the caller's transaction); the existing charge if the sale was charged already."""
    from store_controller.customers.models import Customer
    from store_controller.payments.member.models import (
        MemberAccountRow,
        MemberLedgerRow,
        MemberStandingRow,
    )

    if (existing := find_charge(session, sale_id)) is not None:
        return existing
    account = session.get(MemberAccountRow, identity_hash)
    customer = session.scalar(select(Customer).where(Customer.identity_hash == identity_hash))
    standing = session.get(MemberStandingRow, identity_hash)
    if (customer is not None and customer.status is CustomerStatus.BLOCKED) or (
        standing is not None and standing.blocks_at(at)
    ):
        return Refusal.BLOCKED
    if account is None or customer is None or customer.status is not CustomerStatus.MEMBER:
        return Refusal.NOT_A_MEMBER
    if account.balance_ore + amount_ore > account.credit_limit_ore:
        return Refusal.OVER_LIMIT
    account.balance_ore += amount_ore
    account.updated_at = at
    session.add(
        MemberLedgerRow(
            identity_hash=identity_hash,
            sale_id=sale_id,
            amount_ore=amount_ore,
            bankid_order_ref=bankid_order_ref,
            charged_at=at,
        )
    )
    return Charge(
        sale_id,
        amount_ore,
        at,
        bankid_order_ref,
        account.balance_ore,
        account.credit_limit_ore,
        identity_hash,
    )


def approve_member(session: Session, customer: Customer, *, limit_ore: int, at: datetime) -> None:
    """Make `customer` a member with credit limit `limit_ore` (kept balance if re-approved)."""
    from store_controller.payments.member.models import MemberAccountRow

    if limit_ore < 0:
        raise ValueError("a credit limit cannot be negative")
    customer.status = CustomerStatus.MEMBER
    account = session.get(MemberAccountRow, customer.identity_hash)
    if account is None:
        session.add(
            MemberAccountRow(
                identity_hash=customer.identity_hash,
                credit_limit_ore=limit_ore,
                balance_ore=0,
                approved_at=at,
                updated_at=at,
            )
        )
    else:
        account.credit_limit_ore, account.updated_at = limit_ore, at
