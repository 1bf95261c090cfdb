"""Monthly invoices of members and credit notes on them.

An invoice covers one calendar month (Swedish time) of a member's account: its purchases minus
its credits (returns paid back to the account, credits the owner gave), numbered per association,
with an OCR reference (length digit and Luhn check digit) made from the number. One invoice per
member and month: making it again returns the same invoice. A credit note lowers what an invoice
asks (never below zero), gets its own number, and books a credit on the ledger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.members.ledger import EntryKind, LedgerError, account_of, post
from backoffice.members.models import LedgerEntry, MemberInvoice, PaymentIn
from backoffice.sales.models import Sale, SaleLine, SaleVat
from retail.bankgiro import make_ocr

SWEDEN = ZoneInfo("Europe/Stockholm")
CREDIT_NOTE_PREFIX = "creditnote:"
_SALE_REFERENCE = re.compile(r"^sale:(\d+):([0-9a-f-]{36}):\d+$")


class InvoiceError(ValueError):
    """An invoice or credit note that cannot be made (the message says why, safe to show)."""


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One entry of the month: a receipt (with its goods) or a credit."""

    at: datetime
    text: str
    amount_ore: int
    """What the member owes for it: positive for a purchase, negative for a credit."""
    goods: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InvoiceContent:
    lines: tuple[InvoiceLine, ...]
    vat_by_rate_bp: dict[int, int] = field(default_factory=dict)


def period_bounds(period: str) -> tuple[datetime, datetime]:
    """The first instant of the month `YYYY-MM` in Sweden and of the next month."""
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", period)
    if match is None:
        raise InvoiceError("a period is a month written YYYY-MM")
    year, month = int(match.group(1)), int(match.group(2))
    start = datetime(year, month, 1, tzinfo=SWEDEN)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=SWEDEN)
    return start, end


def _month_entries(
    session: Session, association_id: int, identity_hash: str, period: str
) -> list[LedgerEntry]:
    start, end = period_bounds(period)
    return list(
        session.scalars(
            select(LedgerEntry)
            .where(
                LedgerEntry.association_id == association_id,
                LedgerEntry.identity_hash == identity_hash,
                LedgerEntry.kind.in_([EntryKind.PURCHASE.value, EntryKind.CREDIT.value]),
                LedgerEntry.at >= start,
                LedgerEntry.at < end,
                ~LedgerEntry.reference.startswith(CREDIT_NOTE_PREFIX),
            )
            .order_by(LedgerEntry.at, LedgerEntry.id)
        )
    )


def content(session: Session, invoice: MemberInvoice) -> InvoiceContent:
    """The lines of an invoice's month and the VAT in them per rate (basis points).

    A receipt paid partly on account carries its VAT in proportion to the account's share."""
    if invoice.kind != "invoice":
        return InvoiceContent(lines=())
    lines: list[InvoiceLine] = []
    vat: dict[int, int] = {}
    for entry in _month_entries(
        session, invoice.association_id, invoice.identity_hash, invoice.period
    ):
        owed = -entry.amount_ore
        match = _SALE_REFERENCE.match(entry.reference)
        sale = None if match is None else session.get(Sale, (int(match[1]), UUID(match[2])))
        if sale is None:
            lines.append(InvoiceLine(entry.at, f"Kredit: {entry.why}", owed))
            continue
        goods = tuple(
            f"{line.quantity} x {line.name}"
            for line in session.scalars(
                select(SaleLine)
                .where(SaleLine.store_id == sale.store_id, SaleLine.sale_id == sale.sale_id)
                .order_by(SaleLine.line_no)
            )
        )
        for row in session.scalars(
            select(SaleVat).where(
                SaleVat.store_id == sale.store_id, SaleVat.sale_id == sale.sale_id
            )
        ):
            share = row.vat_ore if sale.total_ore == 0 else row.vat_ore * owed / sale.total_ore
            vat[row.rate_bp] = vat.get(row.rate_bp, 0) + round(share)
        lines.append(InvoiceLine(entry.at, f"Kvitto {sale.receipt_number}", owed, goods))
    return InvoiceContent(lines=tuple(lines), vat_by_rate_bp=dict(sorted(vat.items())))


def _next_number(session: Session, association_id: int) -> int:
    highest = session.scalar(
        select(func.max(MemberInvoice.number)).where(MemberInvoice.association_id == association_id)
    )
    return 1001 if highest is None else int(highest) + 1


def issue(
    session: Session,
    association_id: int,
    identity_hash: str,
    *,
    period: str,
    due_days: int,
    by: str,
    at: datetime,
) -> tuple[MemberInvoice, bool]:
    """The member's invoice for `period` (made now, or the one already made: created False)."""
    _, end = period_bounds(period)
    if end > at:
        raise InvoiceError(f"the month {period} has not ended yet")
    existing = session.scalar(
        select(MemberInvoice).where(
            MemberInvoice.association_id == association_id,
            MemberInvoice.identity_hash == identity_hash,
            MemberInvoice.kind == "invoice",
            MemberInvoice.period == period,
        )
    )
    if existing is not None:
        return existing, False
    if account_of(session, association_id, identity_hash) is None:
        raise InvoiceError("not approved for account purchases")
    month = _month_entries(session, association_id, identity_hash, period)
    owed = -sum(entry.amount_ore for entry in month)
    if owed <= 0:
        raise InvoiceError(f"nothing to invoice for {period}: the month comes to {owed} öre")
    number = _next_number(session, association_id)
    invoice = MemberInvoice(
        association_id=association_id,
        identity_hash=identity_hash,
        kind="invoice",
        number=number,
        ocr=make_ocr(str(number)),
        period=period,
        issued_at=at,
        due_on=at.astimezone(SWEDEN).date() + timedelta(days=due_days),
        amount_ore=owed,
        by=by,
    )
    session.add(invoice)
    session.flush()
    return invoice, True


def credited_ore(session: Session, invoice: MemberInvoice) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(MemberInvoice.amount_ore), 0)).where(
            MemberInvoice.credits_id == invoice.id
        )
    )
    return -int(total or 0)


def paid_ore(session: Session, invoice: MemberInvoice) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(PaymentIn.amount_ore), 0)).where(
            PaymentIn.invoice_id == invoice.id
        )
    )
    return int(total or 0)


def outstanding_ore(session: Session, invoice: MemberInvoice) -> int:
    """What is left to pay (negative: paid too much)."""
    return invoice.amount_ore - credited_ore(session, invoice) - paid_ore(session, invoice)


def credit_note(
    session: Session,
    invoice: MemberInvoice,
    *,
    amount_ore: int,
    why: str,
    by: str,
    at: datetime,
) -> MemberInvoice:
    """A credit note of `amount_ore` on `invoice`, booked on the ledger as a credit."""
    if invoice.kind != "invoice":
        raise InvoiceError("a credit note is made on an invoice")
    if not why.strip():
        raise InvoiceError("a credit note says why")
    left = invoice.amount_ore - credited_ore(session, invoice)
    if not 0 < amount_ore <= left:
        raise InvoiceError(f"a credit note on invoice {invoice.number} is 1 to {left} öre")
    number = _next_number(session, invoice.association_id)
    note = MemberInvoice(
        association_id=invoice.association_id,
        identity_hash=invoice.identity_hash,
        kind="credit",
        number=number,
        ocr=make_ocr(str(number)),
        period=invoice.period,
        issued_at=at,
        due_on=at.astimezone(SWEDEN).date(),
        amount_ore=-amount_ore,
        credits_id=invoice.id,
        why=why.strip(),
        by=by,
    )
    session.add(note)
    try:
        post(
            session,
            invoice.association_id,
            invoice.identity_hash,
            kind=EntryKind.CREDIT,
            amount_ore=amount_ore,
            reference=f"{CREDIT_NOTE_PREFIX}{number}",
            by=by,
            why=f"kreditfaktura {number} på faktura {invoice.number}: {why.strip()}"[:500],
            at=at,
        )
    except LedgerError as refused:
        raise InvoiceError(str(refused)) from None
    session.flush()
    return note


def by_number(session: Session, association_id: int, number: int) -> MemberInvoice | None:
    return session.scalar(
        select(MemberInvoice).where(
            MemberInvoice.association_id == association_id, MemberInvoice.number == number
        )
    )
