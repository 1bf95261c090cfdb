"""Passkeys on the web: register and remove them on /account, and use one as the second step
of signing in. passkeys.js asks for the ceremony's options (JSON, CSRF token in a header), runs
navigator.credentials.create/get and posts the answer in the form's `credential` field, so the
server renders every outcome as a normal page."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from backoffice.access.principal import Principal
from backoffice.access.rules import CSRF_HEADER, PUBLIC, client_address, signed_in
from backoffice.audit.service import Actor, record
from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.errors import BackofficeError, ForbiddenError
from backoffice.people import passkeys, throttle
from backoffice.people.models import Person, WebSession
from backoffice.web.account import account_view
from backoffice.web.auth import (
    NoPasswordStepError,
    finish_second_factor,
    pending_sign_in,
    safe_next,
    second_factor_form,
)
from backoffice.web.templating import language

router = APIRouter(tags=["pages"])
SignedIn = Annotated[Principal, Depends(signed_in())]
JSON_OPTIONS = {"Cache-Control": "no-store"}


def _rp(request: Request) -> passkeys.RelyingParty:
    return passkeys.relying_party(request.app.state.settings.public_url, str(request.base_url))


def _own_session(principal: Principal, session: SessionDep) -> tuple[Person, WebSession]:
    person = session.get(Person, principal.person_id)
    row = session.get(WebSession, principal.session_id) if principal.session_id else None
    assert person is not None
    assert row is not None
    return person, row


@router.post("/account/passkeys/options")
def register_options(request: Request, principal: SignedIn, session: SessionDep) -> Response:
    person, row = _own_session(principal, session)
    body = passkeys.registration_options(session, person, row, _rp(request))
    session.commit()
    return Response(body, media_type="application/json", headers=JSON_OPTIONS)


@router.post("/account/passkeys")
def register(
    *,
    request: Request,
    principal: SignedIn,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    credential: Annotated[str, Form(max_length=passkeys.MAX_CREDENTIAL)],
    name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    person, row = _own_session(principal, session)
    try:
        passkeys.register(
            session,
            person=person,
            row=row,
            rp=_rp(request),
            credential=credential,
            name=name,
            actor=principal.actor,
            now=now,
        )
    except passkeys.PasskeyRefusedError as exc:
        session.commit()  # the challenge is used up either way
        return account_view(
            request, principal, session, settings, now=now, status_code=400, error=str(exc)
        )
    session.commit()
    return RedirectResponse("/account", status_code=303)


@router.post("/account/passkeys/{passkey_id}/remove")
def remove(passkey_id: int, principal: SignedIn, session: SessionDep, now: NowDep) -> Response:
    person, _row = _own_session(principal, session)
    passkeys.remove(session, person=person, passkey_id=passkey_id, actor=principal.actor, now=now)
    session.commit()
    return RedirectResponse("/account", status_code=303)


@router.post("/signin/passkey/options", dependencies=[PUBLIC])  # the pending session's token
def sign_in_options(
    request: Request, session: SessionDep, settings: SettingsDep, now: NowDep
) -> Response:
    try:
        row, person = pending_sign_in(request, session, settings, now)
    except NoPasswordStepError as exc:  # a precondition of this step, not an access refusal
        raise BackofficeError(str(exc)) from exc
    sent = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(row.csrf_token.encode(), sent.encode()):
        raise ForbiddenError("the form is out of date; reload the page")
    body = passkeys.authentication_options(session, person, row, _rp(request))
    session.commit()
    return Response(body, media_type="application/json", headers=JSON_OPTIONS)


@router.post("/signin/passkey", dependencies=[PUBLIC])  # checks the pending session's token
def sign_in_with_passkey(
    *,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    credential: Annotated[str, Form(max_length=passkeys.MAX_CREDENTIAL)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    row, person = pending_sign_in(request, session, settings, now)
    if not hmac.compare_digest(row.csrf_token.encode(), csrf_token.encode()):
        raise ForbiddenError("the form is out of date; reload the page")
    address = client_address(request)
    key = f"second-factor:{person.email}"
    wait = throttle.locked_for(session, key, address, now)
    problem = "too many attempts"
    if wait is None:
        try:
            used = passkeys.authenticate(
                session, person=person, row=row, rp=_rp(request), credential=credential, now=now
            )
        except passkeys.PasskeyRefusedError as exc:
            problem = str(exc)
        else:
            throttle.succeeded(session, key)
            return finish_second_factor(
                request,
                session,
                settings,
                row,
                person,
                now=now,
                method={"second_factor": "passkey", "passkey": used.id, "name": used.name},
                next_=safe_next(next),
            )
        throttle.failed(session, key, address, now)
    record(
        session,
        actor=Actor(person.email, address, person.id),
        action="sign_in.failure",
        now=now,
        target=person.email,
        after={"second_factor": "passkey", "reason": problem},
    )
    session.commit()
    return second_factor_form(
        request,
        session,
        row,
        person,
        next_=safe_next(next),
        error=language(request).gettext("Nyckeln godtogs inte."),
        status_code=401,
    )
