"""The member ledger: purchases on account, payments, credits and adjustments, and the balance.

Balance = sum of the entries (negative: the member owes). A purchase that would take the balance
below minus the credit limit is refused, the same rule the kiosk applies before it charges.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.members.models import LedgerEntry, MemberAccount


class EntryKind(enum.StrEnum):
    PURCHASE = "purchase"
    PAYMENT = "payment"
    CREDIT = "credit"
    ADJUSTMENT = "adjustment"


class LedgerError(ValueError):
    """An entry the ledger refuses (the message says why, safe to show the owner)."""


@dataclass(frozen=True, slots=True)
class Posted:
    entry_id: int
    balance_ore: int


def account_of(session: Session, association_id: int, identity_hash: str) -> MemberAccount | None:
    return session.get(MemberAccount, (association_id, identity_hash))


def approve(
    session: Session,
    association_id: int,
    identity_hash: str,
    *,
    limit_ore: int,
    by: str,
    at: datetime,
) -> MemberAccount:
    """Approve a customer for account purchases up to `limit_ore` (a new limit if approved)."""
    if limit_ore < 0:
        raise LedgerError("a credit limit cannot be negative")
    account = account_of(session, association_id, identity_hash)
    if account is None:
        account = MemberAccount(
            association_id=association_id,
            identity_hash=identity_hash,
            credit_limit_ore=limit_ore,
            approved_by=by,
            approved_at=at,
        )
        session.add(account)
    else:
        account.credit_limit_ore = limit_ore
    session.flush()
    return account


def balance(session: Session, association_id: int, identity_hash: str) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_ore), 0)).where(
            LedgerEntry.association_id == association_id,
            LedgerEntry.identity_hash == identity_hash,
        )
    )
    return int(total or 0)


def post(
    session: Session,
    association_id: int,
    identity_hash: str,
    *,
    kind: EntryKind,
    amount_ore: int,
    reference: str,
    by: str,
    why: str,
    at: datetime,
    enforce_limit: bool = True,
) -> Posted:
    """Add one entry; the same `reference` twice is the same entry (idempotent).

    `enforce_limit=False` books a purchase the store already made (a fact, never refused).
    """
    existing = session.scalar(
        select(LedgerEntry).where(
            LedgerEntry.association_id == association_id, LedgerEntry.reference == reference
        )
    )
    if existing is not None:
        return Posted(existing.id, balance(session, association_id, existing.identity_hash))
    account = account_of(session, association_id, identity_hash)
    if account is None:
        raise LedgerError("not approved for account purchases")
    if kind is EntryKind.PURCHASE and amount_ore > 0:
        raise LedgerError("a purchase is owed: its amount is negative")
    if kind in (EntryKind.PAYMENT, EntryKind.CREDIT) and amount_ore < 0:
        raise LedgerError(f"a {kind.value} reduces what is owed: its amount is positive")
    if not why.strip() and kind is EntryKind.ADJUSTMENT:
        raise LedgerError("an adjustment says why")
    after = balance(session, association_id, identity_hash) + amount_ore
    if enforce_limit and kind is EntryKind.PURCHASE and after < -account.credit_limit_ore:
        raise LedgerError(
            f"over the credit limit: the balance would be {after} öre, "
            f"the limit is {account.credit_limit_ore} öre"
        )
    entry = LedgerEntry(
        association_id=association_id,
        identity_hash=identity_hash,
        kind=kind.value,
        amount_ore=amount_ore,
        reference=reference,
        by=by,
        why=why,
        at=at,
    )
    session.add(entry)
    session.flush()
    return Posted(entry.id, after)
