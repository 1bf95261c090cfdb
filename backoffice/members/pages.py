"""The customer pages ("Kunder"): a store's customers (visits, last visit, approved, limit,
balance, blocked) and one customer's page: approval with a credit limit, payments, credits and
adjustments with a reason, blocking, the ledger, invoices (PDF, the month's invoice, credit
notes). Owners change (members.write), bookkeepers read (members.view).

Each form calls the members API's own function, so the page and the API check, book and audit
the same way; a refusal is shown on the page in the reader's language."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice import free_text
from backoffice.access.principal import visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.members import (
    blocklist_pages,
    contacts,
    invoices,
    ledger,
    me_data,
    notes,
    payment_pages,
    rights_pages,
)
from backoffice.members import invoices_router as api_invoices
from backoffice.members import messages_en as _english  # noqa: F401  (adds the English)
from backoffice.members import router as api
from backoffice.members.customers import age_on, list_customers, name_of
from backoffice.members.models import InvoiceReminder, LedgerEntry, MemberBlock, MemberInvoice
from backoffice.members.page_forms import FieldError, kronor, period_before
from backoffice.web import nav
from backoffice.web.templating import add_folder, language, render

router = APIRouter(tags=["pages"])
add_folder(Path(__file__).parent / "templates")
nav.register("/members", "Kunder", order=25, permission=Permission.MEMBERS_VIEW)
router.include_router(payment_pages.router)
router.include_router(rights_pages.router)
router.include_router(blocklist_pages.router)
Text = Annotated[str, Form(max_length=500)]


@router.get("/members")
def member_stores(
    request: Request,
    access: Annotated[
        Access,
        Depends(
            require(Permission.MEMBERS_VIEW, from_query("store", optional=True), anywhere=True)
        ),
    ],
    session: SessionDep,
) -> Response:
    """The stores whose customers the person sees; one store: straight to its list."""
    principal = access.principal
    stores = list(access.stores) or [
        s for s in visible_stores(session, principal) if principal.may(Permission.MEMBERS_VIEW, s)
    ]
    if len(stores) == 1:
        return RedirectResponse(f"/stores/{stores[0].slug}/members", status_code=303)
    return render(request, "members_stores.html", principal=principal, stores=stores)


@router.get("/stores/{slug}/members")
def customers_page(
    request: Request, slug: str, access: api.MembersView, session: SessionDep, now: NowDep
) -> Response:
    store = access.store
    erased = request.query_params.get("done") == "erased"
    _ = language(request, access.principal).gettext
    search = request.query_params.get("q", "")[:120]
    rows = list_customers(session, store.id, store.association_id, search)
    may_write = access.principal.may(Permission.MEMBERS_WRITE, store)
    asked = me_data.open_requests_of(session, store.association_id) if may_write else []
    blocked = set(
        session.scalars(
            select(MemberBlock.identity_hash).where(
                MemberBlock.association_id == store.association_id
            )
        )
    )
    return render(
        request,
        "members_list.html",
        principal=access.principal,
        store=store,
        rows=rows,
        blocked=blocked,
        may_write=may_write,
        erasure_requests=asked,
        search=search,
        today=local_today(now, store.time_zone),
        age_on=age_on,
        message=_("Kundens personliga koppling är borttagen.") if erased else None,
    )


def customer_page(
    request: Request,
    session: Session,
    access: Access,
    identity_hash: str,
    *,
    now: datetime,
    error: str | None = None,
    message: str | None = None,
    form: dict[str, str] | None = None,
    note: str = "",
) -> Response:
    store = access.store
    association = api._known(session, access, identity_hash)
    account = ledger.account_of(session, association, identity_hash)
    entries = list(
        session.scalars(
            select(LedgerEntry)
            .where(
                LedgerEntry.association_id == association,
                LedgerEntry.identity_hash == identity_hash,
            )
            .order_by(LedgerEntry.at.desc(), LedgerEntry.id.desc())
        )
    )
    bills = list(
        session.scalars(
            select(MemberInvoice)
            .where(
                MemberInvoice.association_id == association,
                MemberInvoice.identity_hash == identity_hash,
            )
            .order_by(MemberInvoice.number.desc())
        )
    )
    outstanding = {
        b.number: invoices.outstanding_ore(session, b) for b in bills if b.kind == "invoice"
    }
    reminders = {
        r.invoice_id: r
        for r in session.scalars(
            select(InvoiceReminder).where(InvoiceReminder.invoice_id.in_([b.id for b in bills]))
        )
    }
    held = session.get(MemberBlock, (association, identity_hash))
    person = name_of(session, store.id, identity_hash)
    contact = contacts.as_dict(contacts.contact_of(session, association, identity_hash))
    if form is not None:
        contact |= form
    return render(
        request,
        "member_page.html",
        principal=access.principal,
        store=store,
        identity_hash=identity_hash,
        person=person,
        age=age_on(person.birth_date, local_today(now, store.time_zone)) if person else None,
        account=account,
        balance=ledger.balance(session, association, identity_hash),
        entries=entries,
        bills=bills,
        outstanding=outstanding,
        reminders=reminders,
        block=held,
        contact=contact,
        erasure_requests=me_data.requests_for(session, association, identity_hash),
        notes=notes.notes_of(session, association, identity_hash),
        note_text=note,
        KINDS=KINDS,
        last_month=period_before(now, store.time_zone),
        may_write=access.principal.may(Permission.MEMBERS_WRITE, store),
        error=error,
        message=message,
        status_code=400 if error else 200,
    )


@router.get("/stores/{slug}/members/{identity_hash}")
def member_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    access: api.MembersView,
    session: SessionDep,
    now: NowDep,
) -> Response:
    _ = language(request, access.principal).gettext
    done = request.query_params.get("done")
    message = _(DONE[done]) if done in DONE else None
    return customer_page(request, session, access, identity_hash, now=now, message=message)


def local_today(now: datetime, time_zone: str) -> date:
    """The store's calendar day at `now` (ages are counted on it)."""
    return now.astimezone(ZoneInfo(time_zone)).date()


KINDS = {
    "purchase": "Köp",
    "payment": "Betalning",
    "credit": "Kredit",
    "adjustment": "Justering",
}
DONE = {
    "approval": "Kreditgränsen är sparad.",
    "entry": "Bokfört.",
    "invoice": "Fakturan är skapad.",
    "credit": "Kreditfakturan är skapad.",
    "block": "Kunden är spärrad i föreningens butiker.",
    "unblock": "Spärren är hävd.",
    "contact": "Uppgifterna är sparade.",
    "sent": "Fakturan är skickad.",
    "note": "Anteckningen är sparad.",
    "note_delete": "Anteckningen är borttagen.",
}


def _done(store_slug: str, identity_hash: str, what: str) -> Response:
    return RedirectResponse(
        f"/stores/{store_slug}/members/{identity_hash}?done={what}", status_code=303
    )


def _refused(
    request: Request,
    session: Session,
    access: Access,
    identity_hash: str,
    problem: Exception,
    *,
    now: datetime,
) -> Response:
    session.rollback()
    lang = language(request, access.principal)
    if isinstance(problem, HTTPException):
        if problem.status_code == 404:
            raise problem
        text = str(problem.detail)  # the API's English
        text = REFUSALS.get(text, text) if lang.code == "sv" else text
    else:
        text = lang.gettext(str(problem))
    return customer_page(request, session, access, identity_hash, now=now, error=text)


REFUSALS = {
    "set the association's Bankgiro number first": "Ange föreningens bankgironummer först.",
    "nothing to invoice": "Inget att fakturera för månaden.",
    "not approved for account purchases": "Kunden är inte godkänd för köp på konto.",
    "an adjustment says why": "En justering behöver en anledning.",
    free_text.api_detail("why"): free_text.REFUSED,
}
"""The members API's refusals in Swedish (the API answers in English)."""


@router.post("/stores/{slug}/members/{identity_hash}/approval")
def approve_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    access: api.MembersWrite,
    session: SessionDep,
    now: NowDep,
    credit_limit: Text = "",
) -> Response:
    try:
        limit = kronor(credit_limit, signed=False)
        api.approve(
            access=access,
            session=session,
            now=now,
            identity_hash=identity_hash,
            body=api.ApprovalInput(credit_limit_ore=limit),
        )
    except (FieldError, HTTPException) as problem:
        return _refused(request, session, access, identity_hash, problem, now=now)
    return _done(access.store.slug, identity_hash, "approval")


@router.post("/stores/{slug}/members/{identity_hash}/entries")
def entry_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    access: api.MembersWrite,
    session: SessionDep,
    now: NowDep,
    kind: Text = "",
    amount: Text = "",
    why: Text = "",
) -> Response:
    try:
        if kind not in ("payment", "credit", "adjustment"):
            raise FieldError("Välj betalning, kredit eller justering.")
        ore = kronor(amount, signed=kind == "adjustment")
        if kind == "adjustment" and not why.strip():
            raise FieldError("En justering behöver en anledning.")
        api.add_entry(
            access=access,
            session=session,
            now=now,
            identity_hash=identity_hash,
            body=api.EntryInput(kind=kind, amount_ore=ore, why=why),
        )
    except (FieldError, HTTPException) as problem:
        return _refused(request, session, access, identity_hash, problem, now=now)
    return _done(access.store.slug, identity_hash, "entry")


@router.post("/stores/{slug}/members/{identity_hash}/invoices")
def invoice_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    access: api.MembersWrite,
    session: SessionDep,
    now: NowDep,
    settings: SettingsDep,
    period: Text = "",
) -> Response:
    try:
        if not (len(period) == 7 and period[4] == "-" and period.replace("-", "").isdigit()):
            raise FieldError("Ange månaden som ÅÅÅÅ-MM.")
        api_invoices.make_invoice(
            access=access,
            session=session,
            now=now,
            settings=settings,
            response=Response(),
            identity_hash=identity_hash,
            body=api_invoices.InvoiceInput(period=period),
        )
    except (FieldError, HTTPException) as problem:
        return _refused(request, session, access, identity_hash, problem, now=now)
    return _done(access.store.slug, identity_hash, "invoice")


@router.post("/stores/{slug}/members/{identity_hash}/invoices/{number}/credit")
def credit_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    number: api_invoices.InvoiceNumber,
    access: api.MembersWrite,
    session: SessionDep,
    now: NowDep,
    amount: Text = "",
    why: Text = "",
) -> Response:
    try:
        ore = kronor(amount, signed=False)
        if not why.strip():
            raise FieldError("En kreditfaktura behöver en anledning.")
        invoice = api_invoices._invoice(session, access, number)
        if invoice.identity_hash != identity_hash:
            raise HTTPException(status_code=404, detail="no such invoice")
        api_invoices.make_credit_note(
            access=access,
            session=session,
            now=now,
            number=number,
            body=api_invoices.CreditInput(amount_ore=ore, why=why.strip()),
        )
    except (FieldError, HTTPException) as problem:
        return _refused(request, session, access, identity_hash, problem, now=now)
    return _done(access.store.slug, identity_hash, "credit")


@router.post("/stores/{slug}/members/{identity_hash}/block")
def block_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    access: api.MembersWrite,
    session: SessionDep,
    now: NowDep,
    why: Text = "",
    lift: Text = "",
) -> Response:
    try:
        if not why.strip():
            raise FieldError("Skriv varför.")
        if lift:
            api.unblock(
                access=access, session=session, now=now, identity_hash=identity_hash, why=why
            )
        else:
            api.block(
                access=access,
                session=session,
                now=now,
                identity_hash=identity_hash,
                body=api.BlockInput(why=why.strip()),
            )
    except (FieldError, HTTPException) as problem:
        return _refused(request, session, access, identity_hash, problem, now=now)
    return _done(access.store.slug, identity_hash, "unblock" if lift else "block")


@router.post("/stores/{slug}/members/{identity_hash}/contact")
def contact_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    access: api.MembersWrite,
    session: SessionDep,
    now: NowDep,
    name: Text = "",
    email: Text = "",
    address: Text = "",
) -> Response:
    """Name, e-mail and address for invoices; a refusal keeps what was typed on the page."""
    association = api._known(session, access, identity_hash)
    try:
        contacts.set_contact(
            session,
            association,
            identity_hash,
            name=name,
            email=email,
            address=address,
            by=access.principal.actor,
            now=now,
            store_id=access.store.id,
        )
    except contacts.ContactError as problem:
        session.rollback()
        text = language(request, access.principal).gettext(str(problem))
        typed = {"name": name, "email": email, "address": address}
        typed |= dict.fromkeys(problem.blank, "")  # what carried a personnummer
        return customer_page(
            request, session, access, identity_hash, now=now, error=text, form=typed
        )
    session.commit()
    return _done(access.store.slug, identity_hash, "contact")


@router.post("/stores/{slug}/members/{identity_hash}/invoices/{number}/send")
def send_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    number: api_invoices.InvoiceNumber,
    access: api.MembersWrite,
    session: SessionDep,
    now: NowDep,
    settings: SettingsDep,
) -> Response:
    """ "Skicka igen": e-mail the invoice again; what went wrong is shown on the page."""
    try:
        invoice = api_invoices._invoice(session, access, number)
        if invoice.identity_hash != identity_hash:
            raise HTTPException(status_code=404, detail="no such invoice")
        sent = api_invoices.send_invoice(
            access=access, session=session, now=now, settings=settings, number=number
        )
    except HTTPException as problem:
        return _refused(request, session, access, identity_hash, problem, now=now)
    if sent["send_problem"]:
        _ = language(request, access.principal).gettext
        text = f"{_('Fakturan kunde inte skickas:')} {_(sent['send_problem'])}"
        return customer_page(request, session, access, identity_hash, now=now, error=text)
    return _done(access.store.slug, identity_hash, "sent")
