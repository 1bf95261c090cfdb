"""Asking for (or stopping) the weekly summary e-mail, from the reports page: the person's own
choice, with CSRF (the access rule checks it) and an audit record."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.responses import RedirectResponse, Response

from backoffice.access.roles import Permission, Scope
from backoffice.access.rules import Access, from_query, require
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import ForbiddenError
from backoffice.reports.weekly import subscribe

router = APIRouter(tags=["pages"])
# As the reports pages: reports somewhere (a named store, `?store=`, must be one of the person's).
WeeklyDep = Annotated[
    Access,
    Depends(require(Permission.SALES_VIEW, from_query("store", optional=True), anywhere=True)),
]


@router.post("/reports/weekly")
def weekly_choice(
    access: WeeklyDep,
    session: SessionDep,
    now: NowDep,
    on: Annotated[bool, Form()],
    back: Annotated[str, Form(max_length=300, pattern=r"^/reports(\?[^\s]*)?$")] = "/reports",
) -> Response:
    principal = access.principal
    if principal.via == "token" and Scope.WRITE not in principal.scopes:
        raise ForbiddenError("your token's scopes do not allow changes (write)")
    subscribe(session, person_id=principal.person_id, on=on, actor=principal.actor, now=now)
    session.commit()
    return RedirectResponse(back, status_code=303)
