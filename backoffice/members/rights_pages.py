"""The customer's data rights on the customer page: a readable page of everything kept about
the person (the JSON download beside it) and the erasure form. Owners only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from backoffice.deps import NowDep, SessionDep
from backoffice.members import router as api
from backoffice.members.rights_router import erase_audited, export_audited
from backoffice.web.templating import language, render

router = APIRouter(tags=["pages"])


@router.get("/stores/{slug}/members/{identity_hash}/data")
def data_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    access: api.MembersWrite,
    session: SessionDep,
    now: NowDep,
) -> Response:
    data = export_audited(session, access, identity_hash, now=now, form="html")
    return render(
        request,
        "member_data.html",
        principal=access.principal,
        store=access.store,
        identity_hash=identity_hash,
        data=data,
    )


@router.post("/stores/{slug}/members/{identity_hash}/erase")
def erase_page(
    *,
    request: Request,
    slug: str,
    identity_hash: api.MemberHash,
    access: api.MembersWrite,
    session: SessionDep,
    now: NowDep,
    why: Annotated[str, Form(max_length=500)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    from backoffice.members.pages import customer_page  # the page's own module imports us

    _ = language(request, access.principal).gettext
    if not why.strip() or confirm != "yes":
        text = _("Ange en anledning och bekräfta raderingen.")
        return customer_page(request, session, access, identity_hash, now=now, error=text)
    try:
        erase_audited(session, access, identity_hash, now=now, why=why)
    except HTTPException:
        session.rollback()
        raise
    return RedirectResponse(f"/stores/{access.store.slug}/members?done=erased", status_code=303)
