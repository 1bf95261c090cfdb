"""Members as the backoffice keeps them (keyed identity hash only, never the identity number)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class MemberAccount(Base):
    """A customer approved for account purchases, with the limit the owner set (öre)."""

    __tablename__ = "member_accounts"

    identity_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    credit_limit_ore: Mapped[int] = mapped_column(BigInteger)
    approved_by: Mapped[str] = mapped_column(String(120))
    approved_at: Mapped[datetime]


class LedgerEntry(Base):
    """One movement on a member's account: negative is owed (a purchase), positive is paid.

    The balance is the sum of the entries; each names who made it and why.
    """

    __tablename__ = "member_ledger"

    id: Mapped[int] = mapped_column(primary_key=True)
    identity_hash: Mapped[str] = mapped_column(
        ForeignKey("member_accounts.identity_hash"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    by: Mapped[str] = mapped_column(String(120))
    why: Mapped[str] = mapped_column(String(500))
    at: Mapped[datetime]
