"""The owner's remote unlock from the home page: reason and (if not confirmed in the last five
minutes) the second-factor code in one form."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import ForbiddenError
from backoffice.people.models import Person, WebSession
from backoffice.people.service import check_second_factor
from backoffice.stores.unlock import UnlockRequest, unlock
from backoffice.web.templating import language, render

router = APIRouter(tags=["pages"])


@router.post("/stores/{slug}/unlock")
def unlock_form(
    *,
    request: Request,
    slug: str,
    access: Annotated[Access, Depends(require(Permission.UNLOCK, from_path("slug")))],
    session: SessionDep,
    now: NowDep,
    reason: Annotated[str, Form(min_length=3, max_length=300)],
    code: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    principal = access.principal
    if code.strip():
        person = session.get(Person, principal.person_id)
        row = session.get(WebSession, principal.session_id) if principal.session_id else None
        if person is None or row is None or not check_second_factor(session, person, code, now):
            session.commit()
            raise ForbiddenError("wrong code")
        row.second_factor_at = now
        session.commit()
        access = Access(replace(principal, second_factor_at=now), access.stores)
    unlock(session, access, UnlockRequest(reason=reason), now)
    _ = language(request, principal).gettext
    return render(request, "message.html", principal=principal, message=_("Dörren låses upp."))
