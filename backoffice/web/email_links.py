"""Invitations and password resets by e-mail.

An admin invites a person (e-mail, name, roles) from /people: the person is created without a
password and gets a link that works once for `invitation_lifetime`; accepting sets the password,
signs them in and takes them to /account, where TOTP is offered. Anyone can ask for a reset link
at /reset: the answer is the same for known and unknown addresses (and the mail is sent after the
answer, so the time taken says nothing either); the link works once for `reset_lifetime` and ends
every session of the person. The link pages are public: the link's token is the credential; their
forms carry a double-submit token like the sign-in form."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from backoffice.access.roles import Permission
from backoffice.access.rules import PUBLIC, Access, client_address, require
from backoffice.audit.service import Actor, record
from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.errors import BackofficeError, ForbiddenError
from backoffice.mail import sender
from backoffice.mail.config import MailSettings
from backoffice.people import links, passwords, throttle
from backoffice.people import sessions as web_sessions
from backoffice.people.links import Purpose
from backoffice.people.models import Association, Person
from backoffice.people.service import create_person, normal_email
from backoffice.settings import BackofficeSettings
from backoffice.web.auth import set_session_cookie
from backoffice.web.templating import language, render

router = APIRouter(tags=["pages"])
PeopleDep = Annotated[Access, Depends(require(Permission.PEOPLE_MANAGE))]
FORM_COOKIE = "byabutik_link_form"

INVITE_TEXT = """Hej {name}!

{inviter} har bjudit in dig till {association} i Byabutiks backoffice.
Välj ditt lösenord här (länken fungerar en gång, till {expires} UTC):

{url}

---
{inviter} has invited you to {association} in Byabutik's backoffice.
Choose your password here (the link works once, until {expires} UTC):

{url}
"""

RESET_TEXT = """Hej {name}!

Någon (förhoppningsvis du) bad om ett nytt lösenord till Byabutiks backoffice.
Välj ett nytt här (länken fungerar en gång, till {expires} UTC):

{url}

Bad du inte om det kan du strunta i det här brevet.

---
Someone (hopefully you) asked for a new password for Byabutik's backoffice.
Choose one here (the link works once, until {expires} UTC). If it was not you, ignore this mail.

{url}
"""


def _base_url(request: Request, settings: BackofficeSettings) -> str:
    return (settings.public_url or str(request.base_url)).rstrip("/")


def _form_page(
    request: Request, template: str, *, status_code: int = 200, **context: object
) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(
        request, template, principal=None, csrf_token=token, status_code=status_code, **context
    )
    settings: BackofficeSettings = request.app.state.settings
    response.set_cookie(
        FORM_COOKIE, token, httponly=True, samesite="strict", secure=settings.mode != "dev"
    )
    return response


def _check_form(request: Request, csrf_token: str) -> None:
    expected = request.cookies.get(FORM_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        raise ForbiddenError("the form is out of date; reload the page")


@router.post("/people/invite")
def invite(
    request: Request,
    *,
    access: PeopleDep,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    email: Annotated[str, Form(max_length=254)],
    name: Annotated[str, Form(max_length=200)] = "",
    roles: Annotated[list[str] | None, Form()] = None,
) -> Response:
    from backoffice.web.admin_pages import _grants, _people_page

    association = session.get(Association, access.principal.association_id)
    assert association is not None
    try:
        person = create_person(
            session,
            association=association,
            email=email,
            name=name,
            password=None,
            grants=_grants(roles or []),
            actor=access.principal.actor,
            now=now,
        )
        token = links.issue(
            session,
            person=person,
            purpose=Purpose.INVITE,
            lifetime=settings.invitation_lifetime,
            now=now,
        )
        expires = now + settings.invitation_lifetime
        record(
            session,
            actor=access.principal.actor,
            action="person.invite",
            now=now,
            target=person.email,
            after={"expires_at": expires.isoformat()},
        )
        sender.send(
            settings.mail,
            to=person.email,
            subject=f"Inbjudan till {association.name} / Invitation",
            body=INVITE_TEXT.format(
                name=person.name,
                inviter=access.principal.email,
                association=association.name,
                expires=f"{expires:%Y-%m-%d %H:%M}",
                url=f"{_base_url(request, settings)}/invite/{token}",
            ),
        )
    except BackofficeError as exc:
        session.rollback()  # nothing kept: the admin can invite again
        return _people_page(request, session, access, error=str(exc))
    session.commit()
    return RedirectResponse("/people?invited=1", status_code=303)


def _gone(request: Request) -> Response:
    return render(request, "link_gone.html", principal=None, status_code=410)


@router.get("/invite/{token}", dependencies=[PUBLIC])  # the link's single-use token
def invite_page(request: Request, *, token: str, session: SessionDep, now: NowDep) -> Response:
    row = links.open_link(session, token, Purpose.INVITE, now)
    person = session.get(Person, row.person_id) if row else None
    if person is None:
        return _gone(request)
    return _form_page(
        request, "set_password.html", action=f"/invite/{token}", email=person.email, invite=True
    )


def _set_password(
    request: Request,
    *,
    token: str,
    purpose: Purpose,
    password: str,
    csrf_token: str,
    session: SessionDep,
    settings: BackofficeSettings,
    now: NowDep,
) -> Response:
    _check_form(request, csrf_token)
    row = links.open_link(session, token, purpose, now)
    person = session.get(Person, row.person_id) if row else None
    if person is None:
        return _gone(request)
    action = f"/{purpose.value}/{token}"
    try:
        passwords.check_strength(password)
    except passwords.WeakPasswordError as exc:
        text = language(request).gettext("Lösenordet duger inte: {reason}.")
        return _form_page(
            request,
            "set_password.html",
            action=action,
            email=person.email,
            invite=purpose is Purpose.INVITE,
            error=text.format(reason=exc),
            status_code=400,
        )
    used = links.use(session, token, purpose, now)
    assert used is person
    address = client_address(request)
    actor = Actor(person.email, address, person.id)
    person.password_hash = passwords.hash_password(password)
    ended = web_sessions.end_all(session, person.id, now)
    record(
        session,
        actor=actor,
        action="person.invite_accepted" if purpose is Purpose.INVITE else "person.password_reset",
        now=now,
        target=person.email,
        after={"sessions_ended": ended},
    )
    cookie, _row = web_sessions.start(
        session,
        person_id=person.id,
        now=now,
        address=address,
        user_agent=request.headers.get("user-agent", ""),
        pending_second_factor=person.totp_enabled_at is not None,
    )
    if person.totp_enabled_at is None:
        record(session, actor=actor, action="sign_in.success", now=now, target=person.email)
    session.commit()
    target = "/account" if person.totp_enabled_at is None else "/signin/second-factor?next=/"
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, settings, cookie)
    response.delete_cookie(FORM_COOKIE)
    return response


@router.post("/invite/{token}", dependencies=[PUBLIC])  # the link's single-use token
def accept_invite(
    request: Request,
    *,
    token: str,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    return _set_password(
        request,
        token=token,
        purpose=Purpose.INVITE,
        password=password,
        csrf_token=csrf_token,
        session=session,
        settings=settings,
        now=now,
    )


@router.get("/reset", dependencies=[PUBLIC])  # asks for a link; nothing changes here
def reset_request_page(request: Request) -> Response:
    return _form_page(request, "reset_request.html", sent=False)


@router.post("/reset", dependencies=[PUBLIC])  # the same answer for every address
def reset_request(
    request: Request,
    *,
    background: BackgroundTasks,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    email: Annotated[str, Form(max_length=254)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    _check_form(request, csrf_token)
    try:
        address = normal_email(email)
    except BackofficeError:
        address = email.strip().lower()[:254]
    client = client_address(request)
    wait = throttle.locked_for(session, f"reset:{address}", f"reset:{client}", now)
    if wait is not None:  # the same for known and unknown addresses: says nothing about either
        seconds = max(1, int(wait.total_seconds() + 0.999))
        _ = language(request).gettext
        text = _("För många försök. Försök igen om {seconds} sekunder.")
        response = _form_page(
            request,
            "reset_request.html",
            sent=False,
            error=text.format(seconds=seconds),
            status_code=429,
        )
        response.headers["Retry-After"] = str(seconds)
        return response
    # every request counts: an address gets a few mails, a client a few more, then growing waits
    throttle.failed(session, f"reset:{address}", f"reset:{client}", now)
    person = session.scalar(select(Person).where(Person.email == address))
    actor = Actor(address, client, person.id if person else None)
    known = person is not None and person.disabled_at is None and person.password_hash is not None
    record(
        session,
        actor=actor,
        action="person.reset_requested",
        now=now,
        target=address,
        after={"sent": known},
    )
    if known:
        assert person is not None
        token = links.issue(
            session, person=person, purpose=Purpose.RESET, lifetime=settings.reset_lifetime, now=now
        )
        expires = now + settings.reset_lifetime
        body = RESET_TEXT.format(
            name=person.name,
            expires=f"{expires:%Y-%m-%d %H:%M}",
            url=f"{_base_url(request, settings)}/reset/{token}",
        )
        background.add_task(_send_quietly, settings.mail, person.email, body)
    session.commit()
    return _form_page(request, "reset_request.html", sent=True)


def _send_quietly(mail: MailSettings, to: str, body: str) -> None:
    """After the answer: a failure is logged (without the link), never shown to the asker."""
    import logging

    try:
        sender.send(mail, to=to, subject="Nytt lösenord / New password", body=body)
    except sender.MailError as exc:
        logging.getLogger(__name__).warning("password reset mail not sent: %s", exc.detail)


@router.get("/reset/{token}", dependencies=[PUBLIC])  # the link's single-use token
def reset_page(request: Request, *, token: str, session: SessionDep, now: NowDep) -> Response:
    row = links.open_link(session, token, Purpose.RESET, now)
    person = session.get(Person, row.person_id) if row else None
    if person is None:
        return _gone(request)
    return _form_page(
        request, "set_password.html", action=f"/reset/{token}", email=person.email, invite=False
    )


@router.post("/reset/{token}", dependencies=[PUBLIC])  # the link's single-use token
def reset_password(
    request: Request,
    *,
    token: str,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    return _set_password(
        request,
        token=token,
        purpose=Purpose.RESET,
        password=password,
        csrf_token=csrf_token,
        session=session,
        settings=settings,
        now=now,
    )
