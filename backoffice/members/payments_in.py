"""Payments in from Bankgirot's BgMax file, matched to members' invoices by OCR reference.

Every payment of the file is kept (`member_payments_in`): one whose reference is an invoice of
the association is booked on the member's ledger as a payment (paid in full, partly, or too
much); one that names no invoice is kept as unknown for the owner, booked nowhere. A payment's
key is Bankgirot's serial and the deposit's, so importing the same file again books nothing
twice. A file for another Bankgiro number, or a test file, is refused whole."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.members.invoices import outstanding_ore
from backoffice.members.ledger import EntryKind, post
from backoffice.members.models import MemberInvoice, PaymentIn
from retail.bankgiro import BgMaxFile, Deposit, Payment


class BankFileError(ValueError):
    """A file refused whole (the message says why)."""


@dataclass(frozen=True, slots=True)
class Imported:
    new: list[PaymentIn]
    already: int


def _digits(bankgiro: str) -> str:
    return "".join(ch for ch in bankgiro if ch.isdigit()).lstrip("0")


def _key(digest: str, deposit: Deposit, payment: Payment, position: int) -> str:
    if payment.bgc_serial.strip("0 "):
        return f"bg:{deposit.payment_date:%Y%m%d}:{deposit.deposit_serial}:{payment.bgc_serial}"
    return f"file:{digest[:32]}:{position}"


def import_bgmax(
    session: Session,
    association_id: int,
    bankgiro: str,
    parsed: BgMaxFile,
    raw: bytes,
    *,
    by: str,
    at: datetime,
) -> Imported:
    """Keep and match every payment of `parsed`; payments seen before are skipped."""
    if parsed.test:
        raise BankFileError("a test file (test mark T) is not imported")
    for deposit in parsed.deposits:
        if _digits(deposit.payee_bankgiro) != _digits(bankgiro):
            raise BankFileError(
                f"the file pays Bankgiro {deposit.payee_bankgiro.lstrip('0')}, "
                f"not the association's {bankgiro}"
            )
    digest = hashlib.sha256(raw).hexdigest()
    new: list[PaymentIn] = []
    already = 0
    position = 0
    for deposit in parsed.deposits:
        for payment in deposit.payments:
            position += 1
            key = _key(digest, deposit, payment, position)
            if already_in(session, association_id, key):
                already += 1
                continue
            new.append(_book(session, association_id, key, deposit, payment, by=by, at=at))
    return Imported(new=new, already=already)


def _book(
    session: Session,
    association_id: int,
    key: str,
    deposit: Deposit,
    payment: Payment,
    *,
    by: str,
    at: datetime,
) -> PaymentIn:
    return match_payment(
        session,
        association_id,
        key,
        reference=payment.reference,
        amount_ore=payment.signed_amount_ore,
        paid_on=deposit.payment_date,
        payer=payment.name,
        ledger_reference=f"bgmax:{key}",
        why=f"Bankgiro {deposit.payment_date.isoformat()}",
        by=by,
        at=at,
    )


def already_in(session: Session, association_id: int, key: str) -> bool:
    """Whether the payment keyed `key` was kept before (each source's key is unique)."""
    return (
        session.scalar(
            select(PaymentIn.id).where(
                PaymentIn.association_id == association_id, PaymentIn.source_ref == key
            )
        )
        is not None
    )


def match_payment(
    session: Session,
    association_id: int,
    key: str,
    *,
    reference: str,
    amount_ore: int,
    paid_on: date,
    payer: str,
    ledger_reference: str,
    why: str,
    by: str,
    at: datetime,
) -> PaymentIn:
    """Keep one payment in (Bankgiro or Swish) and match it to an invoice by its OCR reference.

    An invoice's OCR with a positive amount: booked on the member's ledger (paid in full, partly,
    or too much against what is outstanding); anything else is kept as unknown, booked nowhere.
    The caller checks `already_in` first (`key` is unique per association)."""
    reference = reference.strip()
    invoice = session.scalar(
        select(MemberInvoice).where(
            MemberInvoice.association_id == association_id,
            MemberInvoice.ocr == reference,
            MemberInvoice.kind == "invoice",
        )
    )
    row = PaymentIn(
        association_id=association_id,
        source_ref=key,
        reference=reference[:35],
        amount_ore=amount_ore,
        paid_on=paid_on,
        payer=payer[:70],
        status="unknown",
        imported_at=at,
    )
    if invoice is not None and amount_ore > 0:
        left = outstanding_ore(session, invoice)
        row.invoice_id = invoice.id
        row.status = "paid" if amount_ore == left else "partial" if amount_ore < left else "over"
        post(
            session,
            association_id,
            invoice.identity_hash,
            kind=EntryKind.PAYMENT,
            amount_ore=amount_ore,
            reference=ledger_reference[:64],
            by=by,
            why=f"{why}, faktura {invoice.number}",
            at=at,
        )
    session.add(row)
    session.flush()
    return row


def to_review(session: Session, association_id: int) -> list[PaymentIn]:
    """Payments the owner should look at: unknown references, partial and overpayments."""
    return list(
        session.scalars(
            select(PaymentIn)
            .where(
                PaymentIn.association_id == association_id,
                PaymentIn.status.in_(["unknown", "partial", "over"]),
            )
            .order_by(PaymentIn.paid_on, PaymentIn.id)
        )
    )
