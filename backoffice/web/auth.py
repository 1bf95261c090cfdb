"""Sign-in (password, then the second factor when the person has one), sign-out, language.

The sign-in form is protected against cross-site posting by a double-submit token: GET sets a
random cookie, the form carries the same value, POST compares them."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from backoffice.access.principal import Principal
from backoffice.access.rules import (
    PUBLIC,
    client_address,
    cookie_name,
    signed_in,
    timeouts,
)
from backoffice.audit.service import Actor, record
from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.errors import ForbiddenError, TooManyRequestsError
from backoffice.people import sessions as web_sessions
from backoffice.people.models import Person, WebSession
from backoffice.people.passkeys import has_passkey
from backoffice.people.service import SignInRefusedError, check_password, check_second_factor
from backoffice.settings import BackofficeSettings
from backoffice.web.i18n import COOKIE, LANGUAGES
from backoffice.web.templating import language, render

router = APIRouter(tags=["pages"])
SIGNIN_COOKIE = "byabutik_signin"
SignedIn = Annotated[Principal, Depends(signed_in())]


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no //): never an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def set_session_cookie(response: Response, settings: BackofficeSettings, token: str) -> None:
    response.set_cookie(
        cookie_name(settings),
        token,
        max_age=int(settings.session_absolute.total_seconds()),
        httponly=True,
        secure=settings.mode != "dev",
        samesite="lax",
        path="/",
    )


def _signin_page(
    request: Request, *, next_: str, email: str = "", error: str = "", status_code: int = 200
) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "signin.html",
        principal=None,
        csrf_token=token,
        next=next_,
        email=email,
        error=error,
        status_code=status_code,
        bankid=request.app.state.settings.bankid.enabled,
    )
    settings: BackofficeSettings = request.app.state.settings
    response.set_cookie(
        SIGNIN_COOKIE, token, httponly=True, samesite="strict", secure=settings.mode != "dev"
    )
    return response


@router.get("/signin", dependencies=[PUBLIC])
def signin_page(request: Request, next: str = "/") -> Response:
    return _signin_page(request, next_=safe_next(next))


@router.post("/signin", dependencies=[PUBLIC])
def signin(
    *,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    expected = request.cookies.get(SIGNIN_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        raise ForbiddenError("the sign-in form is out of date; reload the page")
    _ = language(request).gettext
    address = client_address(request)
    try:
        person = check_password(session, email=email, password=password, address=address, now=now)
    except SignInRefusedError:
        return _signin_page(
            request,
            next_=safe_next(next),
            email=email,
            error=_("Fel e-post eller lösenord."),
            status_code=401,
        )
    except TooManyRequestsError as exc:
        text = _("För många försök. Försök igen om {seconds} sekunder.")
        response = _signin_page(
            request,
            next_=safe_next(next),
            email=email,
            error=text.format(seconds=exc.retry_after),
            status_code=429,
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    pending = person.totp_enabled_at is not None or has_passkey(session, person.id)
    token, _row = web_sessions.start(
        session,
        person_id=person.id,
        now=now,
        address=address,
        user_agent=request.headers.get("user-agent", ""),
        pending_second_factor=pending,
    )
    if not pending:
        record(
            session,
            actor=Actor(person.email, address, person.id),
            action="sign_in.success",
            now=now,
            target=person.email,
        )
    session.commit()
    target = f"/signin/second-factor?next={safe_next(next)}" if pending else safe_next(next)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, settings, token)
    response.delete_cookie(SIGNIN_COOKIE)
    return response


def pending_sign_in(
    request: Request, session: Session, settings: BackofficeSettings, now: NowDep
) -> tuple[WebSession, Person]:
    token = request.cookies.get(cookie_name(settings), "")
    row = web_sessions.live(session, token, now, timeouts(settings)) if token else None
    person = session.get(Person, row.person_id) if row else None
    if row is None or person is None or not row.pending_second_factor:
        raise NoPasswordStepError()
    return row, person


class NoPasswordStepError(SignInRefusedError):
    """No password step behind this request: back to the sign-in page."""

    def __init__(self) -> None:
        super().__init__("sign in with your password first")


def second_factor_form(
    request: Request,
    session: Session,
    row: WebSession,
    person: Person,
    *,
    next_: str,
    error: str = "",
    status_code: int = 200,
) -> Response:
    """The second step: a code form (TOTP or a recovery code) and/or the passkey button."""
    return render(
        request,
        "second_factor.html",
        principal=None,
        csrf_token=row.csrf_token,
        next=next_,
        action="/signin/second-factor",
        totp=person.totp_enabled_at is not None,
        passkey=has_passkey(session, person.id),
        error=error,
        status_code=status_code,
    )


def finish_second_factor(
    request: Request,
    session: Session,
    settings: BackofficeSettings,
    row: WebSession,
    person: Person,
    *,
    now: NowDep,
    method: dict[str, object],
    next_: str,
) -> Response:
    """The second step passed: a new session id (no fixation), fresh second factor, audited."""
    address = client_address(request)
    row.ended_at = now
    token, new = web_sessions.start(
        session,
        person_id=person.id,
        now=now,
        address=address,
        user_agent=request.headers.get("user-agent", ""),
        pending_second_factor=False,
    )
    new.second_factor_at = now
    record(
        session,
        actor=Actor(person.email, address, person.id),
        action="sign_in.success",
        now=now,
        target=person.email,
        after=method,
    )
    session.commit()
    response = RedirectResponse(next_, status_code=303)
    set_session_cookie(response, settings, token)
    return response


@router.get("/signin/second-factor", dependencies=[PUBLIC])
def second_factor_page(
    request: Request, session: SessionDep, settings: SettingsDep, now: NowDep, next: str = "/"
) -> Response:
    try:
        row, person = pending_sign_in(request, session, settings, now)
    except NoPasswordStepError:
        return RedirectResponse("/signin", status_code=303)
    return second_factor_form(request, session, row, person, next_=safe_next(next))


@router.post("/signin/second-factor", dependencies=[PUBLIC])
def second_factor(
    *,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    code: Annotated[str, Form(max_length=40)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    row, person = pending_sign_in(request, session, settings, now)
    if not hmac.compare_digest(row.csrf_token.encode(), csrf_token.encode()):
        raise ForbiddenError("the form is out of date; reload the page")
    address = client_address(request)
    key = f"second-factor:{person.email}"
    from backoffice.people import throttle

    wait = throttle.locked_for(session, key, address, now)
    _ = language(request).gettext
    if wait is None and check_second_factor(session, person, code, now):
        throttle.succeeded(session, key)
        return finish_second_factor(
            request,
            session,
            settings,
            row,
            person,
            now=now,
            method={"second_factor": "code"},
            next_=safe_next(next),
        )
    if wait is None:
        throttle.failed(session, key, address, now)
    record(
        session,
        actor=Actor(person.email, address, person.id),
        action="sign_in.failure",
        now=now,
        target=person.email,
        after={"second_factor": True},
    )
    session.commit()
    return second_factor_form(
        request, session, row, person, next_=safe_next(next), error=_("Fel kod."), status_code=401
    )


@router.post("/signout")
def signout(
    request: Request, principal: SignedIn, session: SessionDep, settings: SettingsDep, now: NowDep
) -> Response:
    if principal.session_id is not None:
        row = session.get(WebSession, principal.session_id)
        if row is not None:
            web_sessions.end(session, row, now)
        record(session, actor=principal.actor, action="sign_out", now=now, target=principal.email)
        session.commit()
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(cookie_name(settings), path="/")
    return response


@router.post("/signout/everywhere")
def signout_everywhere(
    principal: SignedIn, session: SessionDep, settings: SettingsDep, now: NowDep
) -> Response:
    count = web_sessions.end_all(session, principal.person_id, now)
    record(
        session,
        actor=principal.actor,
        action="sign_out.everywhere",
        now=now,
        target=principal.email,
        after={"sessions": count},
    )
    session.commit()
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(cookie_name(settings), path="/")
    return response


@router.post("/language", dependencies=[PUBLIC])  # sets a cookie only; no server state
def set_language(
    lang: Annotated[str, Form(max_length=5)], next: Annotated[str, Form(max_length=2000)] = "/"
) -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response
