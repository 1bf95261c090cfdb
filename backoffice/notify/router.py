"""The acknowledge link in each notification: public (no sign-in), it acknowledges the one alert
it names, once, until it expires. GET shows what will be acknowledged (mail scanners that
follow links change nothing); the button POSTs."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from sqlalchemy.exc import IntegrityError

from backoffice.access.rules import PUBLIC
from backoffice.alerts.lifecycle import acknowledge, get_case
from backoffice.alerts.models import RESOLVED
from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.errors import ConflictError, NotFoundError
from backoffice.notify.links import AckClaim, BadLinkError, read_token
from backoffice.notify.models import AckNonce, Contact

# Public: the signed, single-use, expiring token in the path is the credential.
router = APIRouter(prefix="/ack", tags=["alerts"], dependencies=[PUBLIC])

PAGE = """<!doctype html><html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>{text}</p>{form}</main></body></html>"""


def page(title: str, text: str, form: str = "", status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        PAGE.format(title=escape(title), text=escape(text), form=form), status_code=status
    )


def _claim(settings: SettingsDep, token: str, now: NowDep) -> AckClaim | HTMLResponse:
    try:
        return read_token(settings.secret_key.get_secret_value(), token, now=now)
    except BadLinkError as exc:
        gone = "expired" in str(exc)
        return page(
            "Länken fungerar inte",
            "Länken är för gammal." if gone else "Länken är ogiltig.",
            status=410 if gone else 404,
        )


@router.get("/{token}", response_class=HTMLResponse)
def show(token: str, session: SessionDep, settings: SettingsDep, now: NowDep) -> HTMLResponse:
    claim = _claim(settings, token, now)
    if isinstance(claim, HTMLResponse):
        return claim
    try:
        case = get_case(session=session, case_id=claim.case_id)
    except NotFoundError:
        return page("Länken fungerar inte", "Larmet finns inte.", status=404)
    if session.get(AckNonce, claim.nonce) is not None:
        return page("Redan använd", "Den här länken har redan använts.", status=410)
    if case.status == RESOLVED or case.acknowledged_by:
        who = case.resolved_by or case.acknowledged_by or "regeln"
        return page("Redan omhändertaget", f"{case.message} – omhändertaget av {who}.")
    button = '<button type="submit">Jag tar det</button>'
    form = f'<form method="post" action="/ack/{escape(token)}">{button}</form>'
    return page("Kvittera larm", case.message, form)


@router.post("/{token}", response_class=HTMLResponse)
def confirm(token: str, session: SessionDep, settings: SettingsDep, now: NowDep) -> HTMLResponse:
    claim = _claim(settings, token, now)
    if isinstance(claim, HTMLResponse):
        return claim
    contact = session.get(Contact, claim.contact_id)
    if contact is None:
        return page("Länken fungerar inte", "Mottagaren finns inte längre.", status=404)
    session.add(AckNonce(nonce=claim.nonce, case_id=claim.case_id, used_at=now))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return page("Redan använd", "Den här länken har redan använts.", status=410)
    try:
        case = acknowledge(session=session, case_id=claim.case_id, by=contact.name, now=now)
    except ConflictError as exc:
        session.rollback()
        return page("Redan omhändertaget", exc.detail, status=409)
    session.commit()
    return page("Kvitterat", f"{case.message} – du har tagit det, {contact.name}.")
