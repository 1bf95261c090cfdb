"""The acknowledge link in each notification: public (no sign-in), it acknowledges the one alert
it names, once, until it expires. GET shows what will be acknowledged (mail scanners that
follow links change nothing); the button POSTs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.exc import IntegrityError

import backoffice.alerts.pages  # noqa: F401 - the ack page's template and English
from backoffice.access.rules import PUBLIC
from backoffice.alerts.lifecycle import acknowledge, get_case
from backoffice.alerts.models import RESOLVED
from backoffice.audit.service import Actor, record
from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.errors import ConflictError, NotFoundError
from backoffice.notify.links import AckClaim, BadLinkError, read_token
from backoffice.notify.models import AckNonce, Contact
from backoffice.web.templating import language, render

# Public: the signed, single-use, expiring token in the path is the credential.
router = APIRouter(prefix="/ack", tags=["alerts"], dependencies=[PUBLIC])


def page(
    request: Request,
    title: str,
    text: str,
    *,
    status: int = 200,
    token: str = "",
    case_id: int | None = None,
) -> HTMLResponse:
    """The ack page in the shell (no navigation: nobody is signed in)."""
    _ = language(request).gettext
    return render(
        request,
        "ack.html",
        principal=None,
        status_code=status,
        title=_(title),
        text=text,
        token=token,
        case_id=case_id,
    )


def _claim(
    request: Request, settings: SettingsDep, token: str, now: NowDep
) -> AckClaim | HTMLResponse:
    try:
        return read_token(settings.secret_key.get_secret_value(), token, now=now)
    except BadLinkError as exc:
        gone = "expired" in str(exc)
        _ = language(request).gettext
        return page(
            request,
            "Länken fungerar inte",
            _("Länken är för gammal." if gone else "Länken är ogiltig."),
            status=410 if gone else 404,
        )


@router.get("/{token}", response_class=HTMLResponse)
def show(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, now: NowDep
) -> HTMLResponse:
    claim = _claim(request, settings, token, now)
    if isinstance(claim, HTMLResponse):
        return claim
    _ = language(request).gettext
    try:
        case = get_case(session=session, case_id=claim.case_id)
    except NotFoundError:
        return page(request, "Länken fungerar inte", _("Larmet finns inte."), status=404)
    if session.get(AckNonce, claim.nonce) is not None:
        text = _("Den här länken har redan använts.")
        return page(request, "Redan använd", text, status=410, case_id=case.id)
    if case.status == RESOLVED or case.acknowledged_by:
        who = case.resolved_by or case.acknowledged_by or _("regeln")
        text = f"{case.message} – {_('omhändertaget av')} {who}."
        return page(request, "Redan omhändertaget", text, case_id=case.id)
    return page(request, "Kvittera larm", case.message, token=token)


@router.post("/{token}", response_class=HTMLResponse)
def confirm(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, now: NowDep
) -> HTMLResponse:
    claim = _claim(request, settings, token, now)
    if isinstance(claim, HTMLResponse):
        return claim
    _ = language(request).gettext
    contact = session.get(Contact, claim.contact_id)
    if contact is None:
        return page(request, "Länken fungerar inte", _("Mottagaren finns inte längre."), status=404)
    session.add(AckNonce(nonce=claim.nonce, case_id=claim.case_id, used_at=now))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        text = _("Den här länken har redan använts.")
        return page(request, "Redan använd", text, status=410, case_id=claim.case_id)
    try:
        case = acknowledge(session=session, case_id=claim.case_id, by=contact.name, now=now)
    except ConflictError as exc:
        session.rollback()
        return page(request, "Redan omhändertaget", exc.detail, status=409, case_id=claim.case_id)
    address = request.client.host if request.client else ""
    record(
        session,
        actor=Actor(f"{contact.name} (länk)", address, contact.person_id),
        action="alert.acknowledge",
        now=now,
        store_id=case.store_id,
        target=str(case.id),
        after={"kind": case.kind, "via": "link"},
    )
    session.commit()
    text = f"{case.message} – {_('du har tagit det')}, {contact.name}."
    return page(request, "Kvitterat", text, case_id=case.id)
