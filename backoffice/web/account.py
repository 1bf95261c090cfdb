"""The account page: password, TOTP (with recovery codes), active sessions, API tokens, and the
second-factor confirmation that remote unlock asks for."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from backoffice.access.principal import Principal
from backoffice.access.roles import Scope
from backoffice.access.rules import signed_in, timeouts
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.errors import BackofficeError, ForbiddenError
from backoffice.notify.push_pages import push_context
from backoffice.people import passkeys, passwords, tokens, totp
from backoffice.people import sessions as web_sessions
from backoffice.people.models import Person, WebSession
from backoffice.people.service import begin_totp, check_second_factor, enable_totp, set_password
from backoffice.web.auth import safe_next
from backoffice.web.templating import language, render

router = APIRouter(tags=["pages"])
SignedIn = Annotated[Principal, Depends(signed_in())]


def account_view(
    request: Request,
    principal: Principal,
    session: SessionDep,
    settings: SettingsDep,
    *,
    now: NowDep,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    person = session.get(Person, principal.person_id)
    assert person is not None
    return render(
        request,
        "account.html",
        principal=principal,
        person=person,
        status_code=status_code,
        sessions=web_sessions.active(session, person.id, now, timeouts(settings)),
        tokens=tokens.of_person(session, person.id),
        scopes=[s.value for s in Scope],
        now=now,
        bankid_enabled=settings.bankid.enabled,
        **push_context(session, settings, person.id),
        passkeys=passkeys.of_person(session, person.id),
        **extra,
    )


@router.get("/account")
def account_page(
    request: Request, principal: SignedIn, session: SessionDep, settings: SettingsDep, now: NowDep
) -> Response:
    return account_view(request, principal, session, settings, now=now)


@router.post("/account/password")
def change_password(
    *,
    request: Request,
    principal: SignedIn,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    current: Annotated[str, Form(max_length=1024)],
    new: Annotated[str, Form(max_length=1024)],
) -> Response:
    person = session.get(Person, principal.person_id)
    assert person is not None
    _ = language(request, principal).gettext
    if not passwords.verify_password(person.password_hash, current):
        return account_view(
            request,
            principal,
            session,
            settings,
            now=now,
            status_code=400,
            error=_("Fel e-post eller lösenord."),
        )
    try:
        set_password(session, person=person, password=new, actor=principal.actor, now=now)
    except passwords.WeakPasswordError as exc:
        return account_view(
            request, principal, session, settings, now=now, status_code=400, error=str(exc)
        )
    web_sessions.end_all(session, person.id, now, keep=principal.session_id)
    session.commit()
    return account_view(request, principal, session, settings, now=now, message=_("Sparat."))


@router.post("/account/totp/begin")
def totp_begin(
    request: Request, principal: SignedIn, session: SessionDep, settings: SettingsDep, now: NowDep
) -> Response:
    person = session.get(Person, principal.person_id)
    assert person is not None
    if person.totp_enabled_at is not None:
        raise BackofficeError("two-step verification is on already")
    secret = begin_totp(person)
    session.commit()
    return account_view(
        request,
        principal,
        session,
        settings,
        now=now,
        totp_secret=secret,
        totp_uri=totp.provisioning_uri(secret, person.email),
    )


@router.post("/account/totp/enable")
def totp_enable(
    *,
    request: Request,
    principal: SignedIn,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    code: Annotated[str, Form(max_length=40)],
) -> Response:
    person = session.get(Person, principal.person_id)
    assert person is not None
    codes = enable_totp(session, person=person, code=code, actor=principal.actor, now=now)
    if codes is None:
        return account_view(
            request,
            principal,
            session,
            settings,
            now=now,
            status_code=400,
            error=language(request, principal).gettext("Fel kod."),
        )
    row = session.get(WebSession, principal.session_id) if principal.session_id else None
    if row is not None:
        row.second_factor_at = now
    session.commit()
    principal = replace(principal, strong_sign_in=True)  # no banner on the page that turned it on
    return account_view(request, principal, session, settings, now=now, recovery_codes=codes)


@router.post("/account/step-up")
def step_up(
    *,
    request: Request,
    principal: SignedIn,
    session: SessionDep,
    now: NowDep,
    code: Annotated[str, Form(max_length=40)],
    next: Annotated[str, Form(max_length=2000)] = "/account",
) -> Response:
    """Confirms the second factor again (remote unlock wants it within five minutes)."""
    person = session.get(Person, principal.person_id)
    row = session.get(WebSession, principal.session_id) if principal.session_id else None
    assert person is not None
    if row is None or not check_second_factor(session, person, code, now):
        record(
            session, actor=principal.actor, action="step_up.failure", now=now, target=person.email
        )
        session.commit()
        raise ForbiddenError("wrong code")
    row.second_factor_at = now
    session.commit()
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/account/sessions/{session_id}/end")
def end_session(session_id: int, principal: SignedIn, session: SessionDep, now: NowDep) -> Response:
    row = session.get(WebSession, session_id)
    if row is not None and row.person_id == principal.person_id:
        web_sessions.end(session, row, now)
        record(
            session,
            actor=principal.actor,
            action="sign_out.session",
            now=now,
            target=principal.email,
            after={"session": session_id},
        )
        session.commit()
    return RedirectResponse("/account", status_code=303)


@router.post("/account/tokens")
def create_token(
    *,
    request: Request,
    principal: SignedIn,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    name: Annotated[str, Form(max_length=100)],
    scopes: Annotated[list[str], Form()],
    days: Annotated[int, Form(ge=1, le=366)] = 90,
) -> Response:
    wanted = tokens.parse_scopes(scopes)
    if Scope.UNLOCK in wanted:
        fresh = principal.second_factor_at
        if fresh is None or now - fresh > timedelta(minutes=5):
            raise ForbiddenError("a token with the unlock scope needs your second factor first")
    token, row = tokens.issue(
        session,
        person_id=principal.person_id,
        name=name,
        scopes=wanted,
        lifetime=timedelta(days=days),
        now=now,
    )
    record(
        session,
        actor=principal.actor,
        action="api_token.create",
        now=now,
        target=row.name,
        after={"scopes": row.scopes, "expires_at": row.expires_at.isoformat()},
    )
    session.commit()
    return account_view(request, principal, session, settings, now=now, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: int, principal: SignedIn, session: SessionDep, now: NowDep) -> Response:
    row = tokens.revoke(session, person_id=principal.person_id, token_id=token_id, now=now)
    record(session, actor=principal.actor, action="api_token.revoke", now=now, target=row.name)
    session.commit()
    return RedirectResponse("/account", status_code=303)
