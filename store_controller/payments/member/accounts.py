"""Member accounts in the database: approve, charge (idempotent by sale), find a charge.

Every function works inside the caller's connection or session (`charge` and `find_charge` on
Core statements, so a member payment does not load the ORM); `charge` expects a write transaction
that was begun with BEGIN IMMEDIATE, so two charges on one account cannot race past the limit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, update

from store_controller.customers.status import CustomerStatus
from store_controller.db import tables

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


def find_charge(connection: Connection | Session, sale_id: str) -> Charge | None:
    """The charge of `sale_id`, if any (Core statements: a member payment does not load the ORM,
    memory on a Pi 3, issue 23)."""
    ledger = tables.member_ledger
    row = connection.execute(
        select(
            ledger.c.sale_id,
            ledger.c.amount_ore,
            ledger.c.charged_at,
            ledger.c.bankid_order_ref,
            ledger.c.identity_hash,
        ).where(ledger.c.sale_id == sale_id)
    ).first()
    if row is None:
        return None
    account = _account(connection, row.identity_hash)
    return Charge(
        row.sale_id,
        row.amount_ore,
        row.charged_at,
        row.bankid_order_ref,
        None if account is None else account.balance_ore,
        None if account is None else account.credit_limit_ore,
        row.identity_hash,
    )


def _account(connection: Connection | Session, identity_hash: str) -> Any:
    """The account's `balance_ore` and `credit_limit_ore`, or None."""
    accounts = tables.member_accounts
    return connection.execute(
        select(accounts.c.balance_ore, accounts.c.credit_limit_ore).where(
            accounts.c.identity_hash == identity_hash
        )
    ).first()


def _blocks_at(connection: Connection | Session, identity_hash: str, now: datetime) -> bool:
    """Does the backoffice's standing keep the person out at `now` (as
    `MemberStandingRow.blocks_at`: a block past its end does not)?"""
    standings = tables.member_standings
    row = connection.execute(
        select(standings.c.blocked, standings.c.blocked_until).where(
            standings.c.identity_hash == identity_hash
        )
    ).first()
    if row is None or not row.blocked:
        return False
    until = row.blocked_until
    return until is None or now < (until if until.tzinfo is not None else until.replace(tzinfo=UTC))


def charge(
    connection: Connection | Session,
    *,
    identity_hash: str,
    sale_id: str,
    amount_ore: int,
    bankid_order_ref: str,
    at: datetime,
) -> Charge | Refusal:
    """Charge `amount_ore` for `sale_id` to the member `identity_hash` (balance and a ledger
    row, in the caller's transaction); the existing charge if the sale was charged already."""
    if (existing := find_charge(connection, sale_id)) is not None:
        return existing
    account = _account(connection, identity_hash)
    customers = tables.customers
    status = connection.scalar(
        select(customers.c.status).where(customers.c.identity_hash == identity_hash)
    )
    if status is CustomerStatus.BLOCKED or _blocks_at(connection, identity_hash, at):
        return Refusal.BLOCKED
    if account is None or status is not CustomerStatus.MEMBER:
        return Refusal.NOT_A_MEMBER
    if account.balance_ore + amount_ore > account.credit_limit_ore:
        return Refusal.OVER_LIMIT
    balance = account.balance_ore + amount_ore
    accounts = tables.member_accounts
    connection.execute(
        update(accounts)
        .where(accounts.c.identity_hash == identity_hash)
        .values(balance_ore=balance, updated_at=at)
    )
    connection.execute(
        insert(tables.member_ledger),
        {
            "identity_hash": identity_hash,
            "sale_id": sale_id,
            "amount_ore": amount_ore,
            "bankid_order_ref": bankid_order_ref,
            "charged_at": at,
        },
    )
    return Charge(
        sale_id, amount_ore, at, bankid_order_ref, balance, account.credit_limit_ore, identity_hash
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
