"""Member accounts and their ledger (identity by keyed hash only, never the personal number)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Mapped

from store_controller.db import tables
from store_controller.db.base import Base


class MemberAccountRow(Base):
    """An approved member's account: how much they may owe, and what they owe now (öre)."""

    __table__ = tables.member_accounts

    identity_hash: Mapped[str]
    credit_limit_ore: Mapped[int]
    balance_ore: Mapped[int]
    """What the member owes (charges add to it; invoicing will subtract)."""
    approved_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class MemberLedgerRow(Base):
    """One charge to a member account; at most one per sale (the payment reference)."""

    __table__ = tables.member_ledger

    id: Mapped[int]
    identity_hash: Mapped[str]
    sale_id: Mapped[str]
    amount_ore: Mapped[int]
    bankid_order_ref: Mapped[str]
    charged_at: Mapped[datetime]


class MemberStandingRow(Base):
    """The backoffice's word on one customer, as last pulled (the whole table is replaced on
    every pull): approved up to a limit, and blocked (until a moment, or until lifted)."""

    __table__ = tables.member_standings

    identity_hash: Mapped[str]
    credit_limit_ore: Mapped[int | None]
    blocked: Mapped[bool]
    blocked_until: Mapped[datetime | None]

    def blocks_at(self, now: datetime) -> bool:
        """Does this standing keep the person out at `now` (a block past its end does not)?"""
        return self.blocked and (self.blocked_until is None or now < _aware(self.blocked_until))


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive: they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
