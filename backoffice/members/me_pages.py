"""A member's own pages ("Mina sidor", /me): sign in with BankID on the phone, then the
balance and credit limit per association, purchases with receipts, invoices (status, due
date, OCR, the PDF), "Ladda ner mina uppgifter" (JSON) and "Begär radering" (a request the
owner acts on). Every route is for a member session only (`MemberDep`) and finds only the
member's own rows: someone else's receipt or invoice id is 404."""

from __future__ import annotations

import json
import secrets
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from backoffice import free_text
from backoffice.access.rules import PUBLIC, client_address
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import ForbiddenError, NotFoundError, TooManyRequestsError
from backoffice.members import contacts, invoices, me_data
from backoffice.members import me_messages_en as _english  # noqa: F401  (adds the English)
from backoffice.members import messages_en as _refusals  # noqa: F401  (ContactError in English)
from backoffice.members.invoice_pdf import invoice_pdf, payee_of
from backoffice.members.me_audit import record_member_act
from backoffice.members.me_session import (
    HOME,
    Member,
    MemberDep,
    cookie_name,
    sign_out,
    throttle_key,
)
from backoffice.people import throttle
from backoffice.people.models import Association
from backoffice.web import bankid_pages
from backoffice.web.templating import add_folder, language, render
from retail import contains_personnummer

router = APIRouter(tags=["pages"])
add_folder(Path(__file__).parent / "templates")
ZONE = ZoneInfo("Europe/Stockholm")
Reason = Annotated[str, Form(max_length=500)]
Text = Annotated[str, Form(max_length=1000)]
STATUS = {"paid": "Betald", "unpaid": "Obetald", "overdue": "Förfallen", "credit": "Kreditfaktura"}


def _page(request: Request, template: str, member: Member, **context: Any) -> Response:
    return render(
        request,
        template,
        principal=None,
        csrf_token=member.csrf_token,
        member=member,
        STATUS=STATUS,
        **context,
    )


@router.get("/me/signin", dependencies=[PUBLIC])
def signin_page(request: Request) -> Response:
    settings = bankid_pages.bankid_settings(request)
    token = secrets.token_urlsafe(24)
    response = render(request, "me_signin.html", principal=None, csrf_token=token)
    response.set_cookie(
        bankid_pages.START_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=settings.mode != "dev",
    )
    return response


@router.post("/me/signin/start", dependencies=[PUBLIC])  # double-submit form token
async def signin_start(
    *,
    request: Request,
    session: SessionDep,
    now: NowDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    same_device: Annotated[bool, Form()] = False,
) -> Response:
    settings = bankid_pages.bankid_settings(request)
    expected = request.cookies.get(bankid_pages.START_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        raise ForbiddenError("the sign-in form is out of date; reload the page")
    address = client_address(request)
    wait = throttle.locked_for(session, throttle_key(address), address, now)
    if wait is not None:
        seconds = max(1, int(wait.total_seconds()))
        raise TooManyRequestsError(f"too many sign-ins started; wait {seconds} s", seconds)
    throttle.failed(session, throttle_key(address), address, now)  # cleared on completion
    session.commit()
    return await bankid_pages.start_order(
        request, session, settings, now, purpose="member", same_device=same_device, next_=HOME
    )


@router.get("/me")
def overview(request: Request, member: MemberDep, session: SessionDep, now: NowDep) -> Response:
    today = now.astimezone(ZONE).date()
    bills = me_data.invoice_list(session, member.identity_hash, today)
    return _page(
        request,
        "me_overview.html",
        member,
        accounts=me_data.accounts(session, member.identity_hash),
        open_invoices=[b for b in bills if b.status in {"unpaid", "overdue"}],
        purchases=me_data.purchases(session, member.identity_hash)[:3],
    )


@router.get("/me/purchases")
def purchases(request: Request, member: MemberDep, session: SessionDep) -> Response:
    found = me_data.purchases(session, member.identity_hash)
    return _page(request, "me_purchases.html", member, purchases=found)


@router.get("/me/receipts/{sale_id}")
def receipt(request: Request, member: MemberDep, session: SessionDep, sale_id: UUID) -> Response:
    found = me_data.receipt(session, member.identity_hash, sale_id)
    if found is None:
        raise NotFoundError("no such receipt")
    return _page(request, "me_receipt.html", member, receipt=found)


@router.get("/me/invoices")
def invoice_list(request: Request, member: MemberDep, session: SessionDep, now: NowDep) -> Response:
    today = now.astimezone(ZONE).date()
    found = me_data.invoice_list(session, member.identity_hash, today)
    return _page(request, "me_invoices.html", member, invoices=found)


def _invoice(
    session: SessionDep, member: MemberDep, invoice_id: int, now: datetime
) -> me_data.InvoiceView:
    found = me_data.invoice(session, member.identity_hash, invoice_id, now.astimezone(ZONE).date())
    if found is None:
        raise NotFoundError("no such invoice")
    return found


@router.get("/me/invoices/{invoice_id}")
def invoice_page(
    request: Request, member: MemberDep, session: SessionDep, now: NowDep, invoice_id: int
) -> Response:
    view = _invoice(session, member, invoice_id, now)
    lines = invoices.content(session, view.invoice).lines
    return _page(request, "me_invoice.html", member, view=view, lines=lines)


@router.get("/me/invoices/{invoice_id}/pdf")
def invoice_as_pdf(
    member: MemberDep, session: SessionDep, now: NowDep, invoice_id: int
) -> Response:
    view = _invoice(session, member, invoice_id, now)
    association = session.get(Association, view.invoice.association_id)
    payee = payee_of(association) if association else None
    if payee is None:
        raise NotFoundError("the association has not set its Bankgiro number yet")
    document = invoice_pdf(
        view.invoice, invoices.content(session, view.invoice), payee, view.outstanding_ore
    )
    kind = "kreditfaktura" if view.invoice.kind == "credit" else "faktura"
    return Response(
        document,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{kind}-{view.invoice.number}.pdf"'},
    )


def _data_page(
    request: Request,
    member: Member,
    session: SessionDep,
    *,
    typed_for: int | None = None,
    typed: dict[str, str] | None = None,
    **context: Any,
) -> Response:
    forms = me_data.contact_forms(session, member.identity_hash)
    if typed is not None:
        name, email, address, error = (typed[k] for k in ("name", "email", "address", "error"))
        forms = [
            replace(f, name=name, email=email, address=address, error=error)
            if f.association_id == typed_for
            else f
            for f in forms
        ]
    requests = me_data.open_requests(session, member.identity_hash)
    return _page(
        request,
        "me_data.html",
        member,
        requests=requests,
        contacts=forms,
        person=me_data.person(session, member.identity_hash),
        **context,
    )


@router.get("/me/data")
def data_page(request: Request, member: MemberDep, session: SessionDep) -> Response:
    saved = request.query_params.get("saved") == "1"
    message = language(request).gettext("Uppgifterna är sparade.") if saved else None
    return _data_page(request, member, session, message=message)


@router.post("/me/contact")
def contact(
    *,
    request: Request,
    member: MemberDep,
    session: SessionDep,
    now: NowDep,
    association_id: Annotated[int, Form()],
    name: Text = "",
    email: Text = "",
    address: Text = "",
) -> Response:
    """The member's own name, e-mail and address for one association's invoices, through the
    same service as the owner's customer page; a refusal keeps what was typed."""
    if not me_data.has_account(session, member.identity_hash, association_id):
        raise NotFoundError("no account with that association")
    try:
        contacts.set_contact(
            session,
            association_id,
            member.identity_hash,
            name=name,
            email=email,
            address=address,
            by=member.actor,
            now=now,
        )
    except contacts.ContactError as problem:
        session.rollback()
        text = language(request).gettext(str(problem))
        typed = {"name": name, "email": email, "address": address, "error": text}
        typed |= dict.fromkeys(problem.blank, "")  # what carried a personnummer
        return _data_page(
            request,
            member,
            session,
            typed_for=association_id,
            typed=typed,
            status_code=400,
        )
    session.commit()
    return RedirectResponse("/me/data?saved=1", status_code=303)


@router.get("/me/data/export")
def data_export(member: MemberDep, session: SessionDep, now: NowDep) -> Response:
    data = me_data.export(session, member.identity_hash, now)
    record_member_act(
        session,
        actor=member.actor,
        identity_hash=member.identity_hash,
        action="export",
        now=now,
        target="member_data",
        after={"identity_hash": member.identity_hash[:12], "form": "json", "by": "member"},
    )
    session.commit()
    return Response(
        json.dumps(data, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="mina-uppgifter.json"'},
    )


@router.post("/me/erasure")
def erasure_request(
    request: Request,
    member: MemberDep,
    session: SessionDep,
    now: NowDep,
    reason: Reason = "",
) -> Response:
    _ = language(request).gettext
    if not reason.strip():
        return _data_page(
            request,
            member,
            session,
            error=_("Skriv varför du vill att uppgifterna raderas."),
            status_code=400,
        )
    if contains_personnummer(reason):  # the form is shown again with the reason empty
        return _data_page(request, member, session, error=_(free_text.REFUSED), status_code=400)
    made = me_data.request_erasure(session, member.identity_hash, reason.strip(), now)
    for row in made:
        record(
            session,
            actor=member.actor,
            action="member.erasure_request",
            now=now,
            association_id=row.association_id,
            target=member.identity_hash[:12],
            after={"association_id": row.association_id, "request_id": row.id},
        )
    session.commit()
    return RedirectResponse("/me/data?sent=1", status_code=303)


@router.post("/me/signout")
def signout(member: MemberDep, session: SessionDep, now: NowDep, request: Request) -> Response:
    sign_out(session, member, now)
    response = RedirectResponse("/me/signin", status_code=303)
    settings = request.app.state.settings
    response.delete_cookie(cookie_name(settings), path="/")
    return response
