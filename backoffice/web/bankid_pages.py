"""Sign in with BankID (and link one's BankID from /account), through `backoffice.signin.bankid`.

The started order lives in `bankid_orders`; the browser holds a random cookie whose SHA-256
finds it. On a desktop the page shows `/signin/bankid/qr.svg`, a new frame each second computed
here (the QR secret never reaches the browser); on a phone the start button opens the BankID app
(autostart token) which comes back to the wait page. The page (bankid.js, or a button without
JavaScript) POSTs `/signin/bankid/status`, which collects once. A completed sign-in finds the
person by the keyed identity hash; an unknown or disabled one gets the wrong-password answer."""

from __future__ import annotations

import hashlib
import hmac
import io
import ipaddress
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

import segno
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.principal import Principal
from backoffice.access.rules import PUBLIC, authenticate, client_address, signed_in
from backoffice.audit.service import Actor, record
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import BackofficeError, ForbiddenError, NotFoundError
from backoffice.members import me_session
from backoffice.people import sessions as web_sessions
from backoffice.people.models import Person, WebSession
from backoffice.settings import BackofficeSettings
from backoffice.signin.bankid import BankIdSignIn, SignInError, SignInOrder, order_qr_frame
from backoffice.signin.models import BankIdOrder
from backoffice.web.auth import safe_next, set_session_cookie
from backoffice.web.templating import language, render
from bankid_rp import BankIdClient, BankIdError
from bankid_rp.messages import error_message

router = APIRouter(tags=["pages"])
COOKIE = "byabutik_bankid"
START_COOKIE = "byabutik_bankid_start"
FRESH = timedelta(minutes=5)  # linking BankID needs a sign-in this recent
ORDER_LIFETIME = timedelta(minutes=5)


def _settings(request: Request) -> BackofficeSettings:
    settings: BackofficeSettings = request.app.state.settings
    if not settings.bankid.enabled:
        raise NotFoundError("Sign in with BankID is not turned on (setting bankid.enabled)")
    return settings


@asynccontextmanager
async def _service(request: Request, settings: BackofficeSettings) -> AsyncIterator[BankIdSignIn]:
    async with BankIdClient.from_config(settings.bankid) as client:
        key = settings.bankid.identity_key()
        yield BankIdSignIn(client, hash_key=key, now=request.app.state.clock)


def _end_user_ip(request: Request) -> str:
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:  # a test client or a Unix socket: BankID wants an address
        return "127.0.0.1"


def _sign_in_order(row: BankIdOrder) -> SignInOrder:
    return SignInOrder(
        row.order_ref,
        row.auto_start_token,
        row.qr_start_token,
        row.qr_start_secret,
        row.started_at,
        row.same_device,
    )


def _order(request: Request, session: Session, now: NowDep) -> BankIdOrder:
    token = request.cookies.get(COOKIE, "")
    digest = hashlib.sha256(token.encode()).hexdigest()
    row = session.scalar(select(BankIdOrder).where(BankIdOrder.token_hash == digest))
    if (
        not token
        or row is None
        or row.ended_at is not None
        or now - row.created_at > ORDER_LIFETIME
    ):
        raise NotFoundError("no BankID order is waiting here; start again")
    return row


async def _start(
    request: Request,
    session: Session,
    settings: BackofficeSettings,
    now: NowDep,
    *,
    purpose: str,
    same_device: bool,
    next_: str,
    person_id: int | None = None,
) -> Response:
    try:
        async with _service(request, settings) as service:
            order = await service.start(end_user_ip=_end_user_ip(request), same_device=same_device)
    except BankIdError as exc:
        text = error_message(exc).text(language(request).code)
        retry = "/me/signin" if purpose == "member" else "/signin/bankid"
        return render(
            request, "bankid.html", principal=None, error=text, retry=retry, status_code=503
        )
    token = secrets.token_urlsafe(32)
    session.add(
        BankIdOrder(
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            csrf_token=secrets.token_urlsafe(32),
            purpose=purpose,
            person_id=person_id,
            order_ref=order.order_ref,
            auto_start_token=order.auto_start_token,
            qr_start_token=order.qr_start_token,
            qr_start_secret=order.qr_start_secret,
            started_at=order.started_at,
            same_device=same_device,
            next=next_,
            created_at=now,
        )
    )
    session.commit()
    wait = "/signin/bankid/wait"
    if same_device:
        back = (settings.public_url or str(request.base_url)).rstrip("/") + wait
        target = order.autostart_url(quote(back, safe=""))
    else:
        target = wait
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(ORDER_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",  # the BankID app comes back with a top-level navigation
        secure=settings.mode != "dev",
        path="/signin/bankid",
    )
    return response


def bankid_settings(request: Request) -> BackofficeSettings:
    """The settings, or 404 while BankID sign-in is off (for the member sign-in page too)."""
    return _settings(request)


start_order = _start
"""Start an order for `purpose` (signin, link, member) and send the browser on (public name)."""


@router.get("/signin/bankid", dependencies=[PUBLIC])
def bankid_page(request: Request, next: str = "/") -> Response:
    settings = _settings(request)
    token = secrets.token_urlsafe(24)
    response = render(
        request, "bankid.html", principal=None, csrf_token=token, next=safe_next(next)
    )
    response.set_cookie(
        START_COOKIE, token, httponly=True, samesite="strict", secure=settings.mode != "dev"
    )
    return response


@router.post("/signin/bankid/start", dependencies=[PUBLIC])  # double-submit form token
async def bankid_start(
    *,
    request: Request,
    session: SessionDep,
    now: NowDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    same_device: Annotated[bool, Form()] = False,
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    settings = _settings(request)
    expected = request.cookies.get(START_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        raise ForbiddenError("the sign-in form is out of date; reload the page")
    return await _start(
        request,
        session,
        settings,
        now,
        purpose="signin",
        same_device=same_device,
        next_=safe_next(next),
    )


@router.post("/account/bankid/start")
async def link_start(
    *,
    request: Request,
    principal: Annotated[Principal, Depends(signed_in())],
    session: SessionDep,
    now: NowDep,
    same_device: Annotated[bool, Form()] = False,
) -> Response:
    settings = _settings(request)
    row = session.get(WebSession, principal.session_id) if principal.session_id else None
    recent = [t for t in (row.created_at if row else None, principal.second_factor_at) if t]
    if not recent or now - max(recent) > FRESH:
        raise ForbiddenError("sign in again (within 5 minutes) before linking BankID")
    return await _start(
        request,
        session,
        settings,
        now,
        purpose="link",
        same_device=same_device,
        next_="/account",
        person_id=principal.person_id,
    )


@router.get("/signin/bankid/wait", dependencies=[PUBLIC])  # the order cookie is the credential
def bankid_wait(request: Request, session: SessionDep, now: NowDep) -> Response:
    _settings(request)
    row = _order(request, session, now)
    return render(request, "bankid_wait.html", principal=None, csrf_token=row.csrf_token, order=row)


@router.get("/signin/bankid/qr.svg", dependencies=[PUBLIC])  # the order cookie is the credential
def bankid_qr(request: Request, session: SessionDep, now: NowDep) -> Response:
    _settings(request)
    row = _order(request, session, now)
    frame = order_qr_frame(_sign_in_order(row), now)  # wall clock: the same in every worker
    buffer = io.BytesIO()
    segno.make(frame, error="l").save(buffer, kind="svg", scale=5, border=2, title="BankID")
    return Response(
        buffer.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "no-store"}
    )


@router.post("/signin/bankid/status", dependencies=[PUBLIC])  # order cookie + its form token
async def bankid_status(
    *,
    request: Request,
    session: SessionDep,
    now: NowDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    settings = _settings(request)
    row = _order(request, session, now)
    if not hmac.compare_digest(row.csrf_token.encode(), csrf_token.encode()):
        raise ForbiddenError("the page is out of date; start again")
    lang = language(request).code
    wants_json = "application/json" in request.headers.get("accept", "")
    try:
        async with _service(request, settings) as service:
            status = await service.poll(_sign_in_order(row))
    except SignInError:
        status = None
    if status is not None and status.state == "pending":
        text = status.message.text(lang) if status.message else ""
        if wants_json:
            return JSONResponse({"state": "pending", "message": text})
        return render(
            request,
            "bankid_wait.html",
            principal=None,
            csrf_token=row.csrf_token,
            order=row,
            message=text,
        )
    row.ended_at = now
    if status is None or status.state == "failed" or status.person is None:
        session.commit()
        text = status.message.text(lang) if status and status.message else ""
        retry = "/me/signin" if row.purpose == "member" else "/signin/bankid"
        return _finish(request, wants_json, "failed", text, status_code=400, next_=retry)
    if row.purpose == "member":  # a customer's own pages: no staff person, no staff session
        response = me_session.sign_in(
            request,
            session,
            settings=settings,
            now=now,
            identity_hash=status.person.identity_hash,
            wants_json=wants_json,
        )
        response.delete_cookie(COOKIE, path="/signin/bankid")
        return response
    if row.purpose == "link":
        identity = status.person.identity_hash
        return _link(
            request, session=session, now=now, row=row, identity=identity, wants_json=wants_json
        )
    return _sign_in(
        request,
        session=session,
        settings=settings,
        now=now,
        row=row,
        identity=status.person.identity_hash,
        wants_json=wants_json,
    )


def _finish(
    request: Request,
    wants_json: bool,
    state: str,
    text: str,
    *,
    status_code: int = 200,
    next_: str = "/signin/bankid",
) -> Response:
    if wants_json:
        return JSONResponse(
            {"state": state, "message": text, "next": next_}, status_code=status_code
        )
    return render(
        request,
        "bankid.html",
        principal=None,
        error=text,
        csrf_token="",
        retry=next_,
        status_code=status_code,
    )


def _sign_in(
    request: Request,
    *,
    session: Session,
    settings: BackofficeSettings,
    now: NowDep,
    row: BankIdOrder,
    identity: str,
    wants_json: bool,
) -> Response:
    address = client_address(request)
    person = session.scalar(select(Person).where(Person.bankid_hash == identity))
    if person is None or person.disabled_at is not None:
        record(
            session,
            actor=Actor("BankID", address, person.id if person else None),
            action="sign_in.failure",
            now=now,
            target="bankid",
            after={"bankid": True},
        )
        session.commit()
        text = language(request).gettext("Fel e-post eller lösenord.")
        return _finish(request, wants_json, "failed", text, status_code=401)
    token, new = web_sessions.start(
        session,
        person_id=person.id,
        now=now,
        address=address,
        user_agent=request.headers.get("user-agent", ""),
        pending_second_factor=False,
    )
    new.second_factor_at = now  # BankID is two factors in itself
    record(
        session,
        actor=Actor(person.email, address, person.id),
        action="sign_in.success",
        now=now,
        target=person.email,
        after={"bankid": True},
    )
    session.commit()
    target = safe_next(row.next)
    response: Response
    if wants_json:
        response = JSONResponse({"state": "complete", "message": "", "next": target})
    else:
        response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, settings, token)
    response.delete_cookie(COOKIE, path="/signin/bankid")
    return response


def _link(
    request: Request,
    *,
    session: Session,
    now: NowDep,
    row: BankIdOrder,
    identity: str,
    wants_json: bool,
) -> Response:
    principal = authenticate(request, session)
    _ = language(request, principal).gettext
    if principal is None or principal.person_id != row.person_id:
        session.commit()
        raise ForbiddenError("link BankID from your own account, signed in")
    taken = session.scalar(select(Person.id).where(Person.bankid_hash == identity))
    if taken is not None and taken != principal.person_id:
        session.commit()
        text = _("Det här BankID hör redan till ett annat konto.")
        return _finish(request, wants_json, "failed", text, status_code=409, next_="/account")
    person = session.get(Person, principal.person_id)
    if person is None:
        raise BackofficeError("no such person")
    person.bankid_hash = identity
    record(
        session, actor=principal.actor, action="person.bankid_linked", now=now, target=person.email
    )
    session.commit()
    if wants_json:
        response: Response = JSONResponse({"state": "complete", "message": "", "next": "/account"})
    else:
        response = RedirectResponse("/account", status_code=303)
    response.delete_cookie(COOKIE, path="/signin/bankid")
    return response
