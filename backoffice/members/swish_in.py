"""Swish payments of members' invoices, matched by OCR exactly as Bankgiro payments are.

A Swish payment pays an invoice when its payee is an association's Swish number
(`associations.swish_number`) and its message (or `payeePaymentReference`) carries an OCR
reference: digits only, 2-25 of them (spaces allowed, as a payer may type them). Only what Swish
itself said when asked (the callback's re-fetched status) counts, never the callback's body; only
PAID books anything. The payment's key is `swish:<Swish's id>`, so a callback delivered twice
(Swish retries until it gets a 200) books once. A store's own sale paid by Swish names its sale id
(32 hex) and no OCR: it is left to the stores' reconciliation."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.members.models import MemberInvoice, PaymentIn
from backoffice.members.payments_in import already_in, match_payment
from backoffice.payments.status import SwishObjectStatus
from backoffice.people.models import Association

SWEDEN = ZoneInfo("Europe/Stockholm")
BY = "Swish"


def ocr_in(text: str | None) -> str | None:
    """The OCR reference `text` carries (digits, 2-25, spaces dropped), or None."""
    if text is None:
        return None
    digits = "".join(text.split())
    return digits if digits.isascii() and digits.isdigit() and 2 <= len(digits) <= 25 else None


def mask_alias(alias: str | None) -> str:
    """A payer's phone number as the owner sees it: the last four digits only."""
    digits = "".join(ch for ch in (alias or "") if ch.isdigit())
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def swish_day(moment: datetime) -> date:
    return moment.astimezone(SWEDEN).date()


def book_swish_payment(
    session: Session, status: SwishObjectStatus, *, at: datetime
) -> PaymentIn | None:
    """Match a PAID Swish payment to an association's invoice; None when it is not one.

    The caller commits; a payment seen before is left alone (None)."""
    if status.status != "PAID" or status.amount_ore is None or not status.payee_alias:
        return None
    references = [ocr_in(status.message), ocr_in(status.payee_payment_reference)]
    candidates = [reference for reference in references if reference is not None]
    if not candidates:
        return None
    association_ids = list(
        session.scalars(
            select(Association.id).where(Association.swish_number == status.payee_alias)
        )
    )
    if len(association_ids) != 1:
        return None  # no association has this number (a store's own), or it is ambiguous
    [association_id] = association_ids
    key = f"swish:{status.id}"
    if already_in(session, association_id, key):
        return None
    reference = _invoice_reference(session, association_id, candidates)
    paid_on = swish_day(status.date_paid or at)
    return match_payment(
        session,
        association_id,
        key,
        reference=reference,
        amount_ore=status.amount_ore,
        paid_on=paid_on,
        payer=mask_alias(status.payer_alias),
        ledger_reference=key,
        why=f"Swish {paid_on.isoformat()}",
        by=BY,
        at=at,
    )


def _invoice_reference(session: Session, association_id: int, candidates: list[str]) -> str:
    """The first candidate that is one of the association's invoice OCRs, else the first one."""
    for reference in candidates:
        found = session.scalar(
            select(MemberInvoice.id).where(
                MemberInvoice.association_id == association_id,
                MemberInvoice.ocr == reference,
                MemberInvoice.kind == "invoice",
            )
        )
        if found is not None:
            return reference
    return candidates[0]
