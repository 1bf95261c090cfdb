"""Invoices of a store's association (`/api/admin/stores/{slug}/...`): its invoice details
(organisation number, address, Bankgiro and Swish numbers), a member's monthly invoice and its
PDF, credit notes, and payments in from a BgMax file with what the owner should look at.

Owners make (members.write), bookkeepers read (members.view); every change is audited."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backoffice import free_text
from backoffice.access.rules import Access
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.members import invoices, payments_in, swish_report
from backoffice.members.invoice_mail import mail_invoice
from backoffice.members.invoice_pdf import document, payee_of
from backoffice.members.models import MemberInvoice, PaymentIn
from backoffice.members.router import MemberHash, MembersView, MembersWrite, _known
from backoffice.people.models import Association
from retail.bankgiro import parse_bgmax
from retail.errors import BgMaxError

router = APIRouter(prefix="/api/admin/stores/{slug}", tags=["invoices"])

MAX_BGMAX_BYTES = 5 * 1024 * 1024
InvoiceNumber = Annotated[int, Path(ge=1, le=10**12)]


class InvoicingInput(BaseModel):
    org_number: Annotated[str, Field(pattern=r"^\d{6}-\d{4}$")]
    address: Annotated[str, Field(min_length=1, max_length=300)]
    bankgiro: Annotated[str, Field(pattern=r"^\d{3,4}-\d{4}$")]
    swish_number: Annotated[str | None, Field(pattern=r"^123\d{7}$")] = None


def _association(session: Session, access: Access) -> Association:
    if access.store.association_id is None:
        raise HTTPException(status_code=404, detail="the store belongs to no association")
    association = session.get(Association, access.store.association_id)
    assert association is not None  # the foreign key
    return association


@router.put("/association/invoicing")
def put_invoicing(
    *, access: MembersWrite, session: SessionDep, now: NowDep, body: InvoicingInput
) -> dict[str, Any]:
    """What the association's invoices print and how they are paid."""
    association = _association(session, access)
    if body.swish_number is not None and session.scalar(
        select(Association.id).where(
            Association.swish_number == body.swish_number, Association.id != association.id
        )
    ):
        # Swish payments are matched to an association by the number paid to: a second
        # association with the same number would stop them booking anywhere (or take them).
        raise HTTPException(
            status_code=409, detail="another association has this Swish number already"
        )
    before = _invoicing(association)
    association.org_number = body.org_number
    association.address = body.address.strip()
    association.bankgiro = body.bankgiro
    association.swish_number = body.swish_number
    try:
        session.flush()
    except IntegrityError:  # another save took the number since the check (unique index)
        session.rollback()
        raise HTTPException(
            status_code=409, detail="another association has this Swish number already"
        ) from None
    record(
        session,
        actor=access.principal.actor,
        action="association.invoicing",
        now=now,
        store_id=access.store.id,
        target=str(association.id),
        before=before,
        after=_invoicing(association),
    )
    session.commit()
    return _invoicing(association)


def _invoicing(association: Association) -> dict[str, Any]:
    return {
        "name": association.name,
        "org_number": association.org_number,
        "address": association.address,
        "bankgiro": association.bankgiro,
        "swish_number": association.swish_number,
    }


class InvoiceInput(BaseModel):
    period: Annotated[str, Field(pattern=r"^\d{4}-\d{2}$")]
    due_days: Annotated[int, Field(ge=10, le=60)] = 30


@router.post("/members/{identity_hash}/invoices", status_code=201)
def make_invoice(
    *,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
    settings: SettingsDep,
    response: Response,
    identity_hash: MemberHash,
    body: InvoiceInput,
) -> dict[str, Any]:
    """The member's invoice for a month that has ended (the same one when asked again: 200),
    e-mailed to the member when it is made (`sent_at`, or `send_problem` saying why not)."""
    association = _known(session, access, identity_hash)
    if payee_of(_association(session, access)) is None:
        raise HTTPException(status_code=409, detail="set the association's Bankgiro number first")
    try:
        invoice, created = invoices.issue(
            session,
            association,
            identity_hash,
            period=body.period,
            due_days=body.due_days,
            by=access.principal.actor.label[:120],
            at=now,
        )
    except invoices.InvoiceError as refused:
        session.rollback()
        raise HTTPException(status_code=422, detail=str(refused)) from None
    if created:
        record(
            session,
            actor=access.principal.actor,
            action="member.invoice",
            now=now,
            store_id=access.store.id,
            target=identity_hash,
            after={
                "number": invoice.number,
                "period": invoice.period,
                "amount_ore": invoice.amount_ore,
            },
        )
        session.commit()
        mail_invoice(session, settings.mail, invoice, now=now)
    else:
        response.status_code = 200
    return _read(session, invoice)


@router.get("/members/{identity_hash}/invoices")
def list_invoices(
    *, access: MembersView, session: SessionDep, identity_hash: MemberHash
) -> list[dict[str, Any]]:
    association = _known(session, access, identity_hash)
    rows = session.scalars(
        select(MemberInvoice)
        .where(
            MemberInvoice.association_id == association,
            MemberInvoice.identity_hash == identity_hash,
        )
        .order_by(MemberInvoice.number)
    )
    return [_read(session, row) for row in rows]


def _invoice(session: Session, access: Access, number: int) -> MemberInvoice:
    association = access.store.association_id
    found = None if association is None else invoices.by_number(session, association, number)
    if found is None:
        raise HTTPException(status_code=404, detail="no such invoice")
    return found


@router.get("/invoices/{number}")
def read_invoice(
    *, access: MembersView, session: SessionDep, number: InvoiceNumber
) -> dict[str, Any]:
    return _read(session, _invoice(session, access, number))


@router.get("/invoices/{number}/pdf")
def invoice_as_pdf(*, access: MembersView, session: SessionDep, number: InvoiceNumber) -> Response:
    invoice = _invoice(session, access, number)
    payee = payee_of(_association(session, access))
    if payee is None:
        raise HTTPException(status_code=409, detail="set the association's Bankgiro number first")
    pdf = document(session, invoice, payee)
    name = f"{'kreditfaktura' if invoice.kind == 'credit' else 'faktura'}-{invoice.number}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/invoices/{number}/send")
def send_invoice(
    *,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
    settings: SettingsDep,
    number: InvoiceNumber,
) -> dict[str, Any]:
    """E-mail the invoice to the member again (audited); the answer says whether it went."""
    invoice = _invoice(session, access, number)
    if invoice.kind != "invoice":
        raise HTTPException(status_code=422, detail="a credit note is not e-mailed")
    problem = mail_invoice(session, settings.mail, invoice, now=now)
    record(
        session,
        actor=access.principal.actor,
        action="member.invoice_sent",
        now=now,
        store_id=access.store.id,
        target=invoice.identity_hash,
        after={"number": invoice.number, "sent": problem is None, "problem": problem},
    )
    session.commit()
    return _read(session, invoice)


class CreditInput(BaseModel):
    amount_ore: Annotated[int, Field(ge=1, le=10_000_000)]
    why: Annotated[str, Field(min_length=1, max_length=400)]


@router.post("/invoices/{number}/credit", status_code=201)
def make_credit_note(
    *,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
    number: InvoiceNumber,
    body: CreditInput,
) -> dict[str, Any]:
    free_text.check_api("why", body.why)
    invoice = _invoice(session, access, number)
    try:
        note = invoices.credit_note(
            session,
            invoice,
            amount_ore=body.amount_ore,
            why=body.why,
            by=access.principal.actor.label[:120],
            at=now,
        )
    except invoices.InvoiceError as refused:
        session.rollback()
        raise HTTPException(status_code=422, detail=str(refused)) from None
    record(
        session,
        actor=access.principal.actor,
        action="member.credit_note",
        now=now,
        store_id=access.store.id,
        target=invoice.identity_hash,
        after={
            "number": note.number,
            "invoice": invoice.number,
            "amount_ore": body.amount_ore,
            "why": note.why,
        },
    )
    session.commit()
    return _read(session, note)


@router.post("/payments-in/bgmax", status_code=201)
async def import_bgmax(
    *, access: MembersWrite, session: SessionDep, now: NowDep, request: Request
) -> dict[str, Any]:
    """The BgMax file is the request body; every payment is kept, matched or listed."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BGMAX_BYTES:
            raise HTTPException(status_code=413, detail="a BgMax file is at most 5 MB")
    return import_file(session, access, now, bytes(data))


def import_file(session: Session, access: Access, now: datetime, data: bytes) -> dict[str, Any]:
    """Import one BgMax file for the store's association (the API's body, the page's upload)."""
    association = _association(session, access)
    if not association.bankgiro:
        raise HTTPException(status_code=409, detail="set the association's Bankgiro number first")
    try:
        parsed = parse_bgmax(bytes(data))
        done = payments_in.import_bgmax(
            session,
            association.id,
            association.bankgiro,
            parsed,
            bytes(data),
            by=access.principal.actor.label[:120],
            at=now,
        )
    except (BgMaxError, payments_in.BankFileError) as refused:
        session.rollback()
        raise HTTPException(status_code=422, detail=str(refused)) from None
    summary = {
        status: sum(1 for p in done.new if p.status == status)
        for status in ("paid", "partial", "over", "unknown")
    }
    record(
        session,
        actor=access.principal.actor,
        action="member.bgmax_import",
        now=now,
        store_id=access.store.id,
        target=str(association.id),
        after={"new": len(done.new), "already": done.already, **summary},
    )
    session.commit()
    return {"new": [_payment(p) for p in done.new], "already_imported": done.already, **summary}


@router.post("/payments-in/swish-report", status_code=201)
async def import_swish_report(
    *, access: MembersWrite, session: SessionDep, now: NowDep, request: Request
) -> dict[str, Any]:
    """Swish's CSV report of incoming payments is the body; refused rows are listed."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > swish_report.MAX_REPORT_BYTES:
            raise HTTPException(status_code=413, detail="a Swish report is at most 1 MB")
    return import_report_file(session, access, now, bytes(data))


def import_report_file(
    session: Session, access: Access, now: datetime, data: bytes
) -> dict[str, Any]:
    """Import one Swish report for the store's association (the API's body, the page's upload)."""
    association = _association(session, access)
    try:
        done = swish_report.import_report(
            session, association.id, data, by=access.principal.actor.label[:120], at=now
        )
    except swish_report.ReportError as unreadable:
        session.rollback()
        raise HTTPException(status_code=422, detail=str(unreadable)) from None
    summary = {
        status: sum(1 for p in done.new if p.status == status)
        for status in ("paid", "partial", "over", "unknown")
    }
    refused = [{"line": r.line, "reason": r.reason, "text": r.text} for r in done.refused]
    record(
        session,
        actor=access.principal.actor,
        action="member.swish_report_import",
        now=now,
        store_id=access.store.id,
        target=str(association.id),
        after={"new": len(done.new), "already": done.already, "refused": refused, **summary},
    )
    session.commit()
    return {
        "new": [_payment(p) for p in done.new],
        "already_imported": done.already,
        "refused": refused,
        **summary,
    }


@router.get("/payments-in")
def review_payments(*, access: MembersView, session: SessionDep) -> list[dict[str, Any]]:
    """Unknown references, partial payments and overpayments, oldest first."""
    association = _association(session, access)
    return [_payment(p) for p in payments_in.to_review(session, association.id)]


def _payment(row: PaymentIn) -> dict[str, Any]:
    return {
        "reference": row.reference,
        "amount_ore": row.amount_ore,
        "paid_on": row.paid_on.isoformat(),
        "payer": row.payer,
        "status": row.status,
        "invoice_id": row.invoice_id,
        "source": row.source,
    }


def _read(session: Session, invoice: MemberInvoice) -> dict[str, Any]:
    credited = invoice.kind == "credit"
    return {
        "number": invoice.number,
        "kind": invoice.kind,
        "identity_hash": invoice.identity_hash,
        "period": invoice.period,
        "ocr": invoice.ocr,
        "issued_at": invoice.issued_at.isoformat(),
        "due_on": invoice.due_on.isoformat(),
        "amount_ore": invoice.amount_ore,
        "outstanding_ore": 0 if credited else invoices.outstanding_ore(session, invoice),
        "why": invoice.why,
        "sent_at": None if invoice.sent_at is None else invoice.sent_at.isoformat(),
        "send_problem": invoice.send_problem,
    }
