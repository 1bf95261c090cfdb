"""Payments in, as a page: the owner uploads the bank's BgMax file; payments matched to an
invoice by OCR are booked on the member's ledger, and what needs a look (unknown references,
partial payments, overpayments) is listed. Bookkeepers see the list."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from backoffice.access.roles import Permission
from backoffice.access.rules import Access
from backoffice.deps import NowDep, SessionDep
from backoffice.members import invoices_router as api_invoices
from backoffice.members import payments_in, swish_report
from backoffice.members.router import MembersView, MembersWrite
from backoffice.web.templating import language, render

router = APIRouter(tags=["pages"])
STATUSES = {"unknown": "Okänd referens", "partial": "Delbetalning", "over": "Överbetalning"}


def _page(
    request: Request,
    session: Session,
    access: Access,
    *,
    error: str | None = None,
    message: str | None = None,
    refused: list[dict[str, object]] | None = None,
) -> Response:
    store = access.store
    association = api_invoices._association(session, access)
    return render(
        request,
        "members_payments.html",
        principal=access.principal,
        store=store,
        payments=payments_in.to_review(session, association.id),
        STATUSES=STATUSES,
        has_bankgiro=bool(association.bankgiro),
        may_write=access.principal.may(Permission.MEMBERS_WRITE, store),
        error=error,
        message=message,
        refused=refused or [],
        status_code=400 if error else 200,
    )


@router.get("/stores/{slug}/payments-in")
def payments_page(
    request: Request, slug: str, access: MembersView, session: SessionDep
) -> Response:
    _ = language(request, access.principal).gettext
    found = request.query_params.get("new", "")
    message = None
    if found.isdigit():
        message = _("Filen är inläst: %(count)s nya betalningar.") % {"count": found}
    return _page(request, session, access, message=message)


async def _uploaded(request: Request, field: str, limit: int) -> bytes:
    """The file sent in `field` (empty when none), read to at most one byte past `limit` so a
    file too large is told apart without reading it all."""
    async with request.form(max_files=1, max_fields=5) as form:
        upload = form.get(field)
        if isinstance(upload, UploadFile) and upload.filename:
            return await upload.read(limit + 1)
    return b""


@router.post("/stores/{slug}/payments-in")
async def upload_page(
    *,
    request: Request,
    slug: str,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
) -> Response:
    _ = language(request, access.principal).gettext
    data = await _uploaded(request, "bgmax", api_invoices.MAX_BGMAX_BYTES)
    if not data:
        return _page(request, session, access, error=_("Välj en BgMax-fil."))
    if len(data) > api_invoices.MAX_BGMAX_BYTES:
        return _page(request, session, access, error=_("En BgMax-fil är högst 5 MB."))
    try:
        done = api_invoices.import_file(session, access, now, data)
    except HTTPException as refused:
        session.rollback()
        return _page(request, session, access, error=_(str(refused.detail)))
    return RedirectResponse(
        f"/stores/{access.store.slug}/payments-in?new={len(done['new'])}", status_code=303
    )


@router.post("/stores/{slug}/payments-in/swish-report")
async def upload_report_page(
    *,
    request: Request,
    slug: str,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
) -> Response:
    """The Swish report: new payments counted, refused rows listed with line and reason."""
    _ = language(request, access.principal).gettext
    data = await _uploaded(request, "report", swish_report.MAX_REPORT_BYTES)
    if not data:
        return _page(request, session, access, error=_("Välj en Swish-rapport (CSV)."))
    if len(data) > swish_report.MAX_REPORT_BYTES:
        return _page(request, session, access, error=_("En Swish-rapport är högst 1 MB."))
    try:
        done = api_invoices.import_report_file(session, access, now, data)
    except HTTPException as refused:
        session.rollback()
        return _page(request, session, access, error=str(refused.detail))
    message = _("Rapporten är inläst: %(count)s nya betalningar.") % {"count": len(done["new"])}
    return _page(request, session, access, message=message, refused=done["refused"])
