"""Members as the backoffice keeps them (keyed identity hash only, never the identity number).

Accounts and ledgers belong to an association: a villager known in the stores of two
associations has two accounts and two ledgers, and each association's people see only theirs.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class MemberAccount(Base):
    """A customer approved for account purchases in one association, with its limit (öre)."""

    __tablename__ = "member_accounts"

    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), primary_key=True)
    identity_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    credit_limit_ore: Mapped[int] = mapped_column(BigInteger)
    approved_by: Mapped[str] = mapped_column(String(120))
    approved_at: Mapped[datetime]


class LedgerEntry(Base):
    """One movement on a member's account: negative is owed (a purchase), positive is paid.

    The balance is the sum of the entries; each names who made it and why. A reference is
    unique within the association's ledger (the idempotence key of whoever made the entry).
    """

    __tablename__ = "member_ledger"
    __table_args__ = (
        ForeignKeyConstraint(
            ["association_id", "identity_hash"],
            ["member_accounts.association_id", "member_accounts.identity_hash"],
        ),
        UniqueConstraint("association_id", "reference"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(index=True)
    identity_hash: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(64))
    by: Mapped[str] = mapped_column(String(120))
    why: Mapped[str] = mapped_column(String(500))
    at: Mapped[datetime]


class MemberBlock(Base):
    """A customer the association blocked: refused at its doors and kiosks (who, when, why)."""

    __tablename__ = "member_blocks"

    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), primary_key=True)
    identity_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    blocked_by: Mapped[str] = mapped_column(String(120))
    blocked_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(500))
    blocked_until: Mapped[datetime | None] = mapped_column(
        comment="the block ends at this moment; NULL: until lifted"
    )

    def applies_at(self, now: datetime) -> bool:
        """Whether the block still holds at `now` (a block with an end lapses on its own)."""
        return self.blocked_until is None or now < self.blocked_until


class MemberInvoice(Base):
    """A monthly invoice (kind "invoice") or a credit note on one (kind "credit", negative
    amount, `credits_id` its invoice). `number` and `ocr` are unique per association."""

    __tablename__ = "member_invoices"
    __table_args__ = (
        UniqueConstraint("association_id", "number"),
        UniqueConstraint("association_id", "ocr"),
        ForeignKeyConstraint(
            ["association_id", "identity_hash"],
            ["member_accounts.association_id", "member_accounts.identity_hash"],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(index=True)
    identity_hash: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    number: Mapped[int] = mapped_column(BigInteger)
    ocr: Mapped[str] = mapped_column(String(25))
    period: Mapped[str] = mapped_column(String(7), comment="YYYY-MM")
    issued_at: Mapped[datetime]
    due_on: Mapped[date]
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    credits_id: Mapped[int | None] = mapped_column(ForeignKey("member_invoices.id"), default=None)
    why: Mapped[str] = mapped_column(String(500), default="")
    by: Mapped[str] = mapped_column(String(120))
    sent_at: Mapped[datetime | None] = mapped_column(
        default=None, comment="last e-mailed to the member"
    )
    send_problem: Mapped[str | None] = mapped_column(
        String(200), default=None, comment="why the last e-mail did not go (None: it went)"
    )


class PaymentIn(Base):
    """One payment read from a bank file (BgMax), matched to an invoice by its OCR reference or
    kept as unknown for the owner. `source_ref` (file digest and position) is unique: importing
    the same file again books nothing twice."""

    __tablename__ = "member_payments_in"
    __table_args__ = (UniqueConstraint("association_id", "source_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    source_ref: Mapped[str] = mapped_column(String(64))
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("member_invoices.id"), default=None)
    reference: Mapped[str] = mapped_column(String(35))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    paid_on: Mapped[date]
    payer: Mapped[str] = mapped_column(String(70), default="")
    status: Mapped[str] = mapped_column(String(8), comment="paid, partial, over, unknown")
    imported_at: Mapped[datetime]

    @property
    def source(self) -> str:
        """Where the payment came from, by its key: "Swish" or "Bankgiro"."""
        return "Swish" if self.source_ref.startswith("swish") else "Bankgiro"


class MemberContact(Base):
    """Where a member's invoices go: name, e-mail and postal address, per association. Set by
    the owner (customer page, API) or by the member (self-service); blanked by an erasure."""

    __tablename__ = "member_contacts"

    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), primary_key=True)
    identity_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[datetime]


class InvoiceReminder(Base):
    """The reminder of one overdue invoice: claimed by one worker (the primary key makes the
    claim exclusive), `sent_at` once the mail server took it; a refused send keeps the row
    with `problem` so a later run tries again."""

    __tablename__ = "member_invoice_reminders"

    invoice_id: Mapped[int] = mapped_column(ForeignKey("member_invoices.id"), primary_key=True)
    claimed_by: Mapped[str] = mapped_column(String(128))
    claimed_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    problem: Mapped[str | None] = mapped_column(String(200), default=None)
    attempts: Mapped[int] = mapped_column(default=0)
