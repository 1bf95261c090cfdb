"""A member's own session: signed in with BankID, known only by the keyed identity hash.

Not a staff session: its cookie (`byabutik_member`) is not the staff cookie, `authenticate`
never reads it, and it grants only the member's own pages (`member_session()`, an access rule of
kind "member"). Ends on sign-out, after `IDLE` without a request or `ABSOLUTE` after it began.
Sign-in is throttled per client address like the staff sign-in (backoffice.people.throttle)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.rule import AccessRule
from backoffice.access.rules import SAFE_METHODS, CsrfError, client_address
from backoffice.audit.service import Actor
from backoffice.deps import get_session
from backoffice.errors import UnauthenticatedError
from backoffice.members.me_audit import record_member_act
from backoffice.members.me_models import MemberSession
from backoffice.people import throttle
from backoffice.settings import BackofficeSettings

IDLE = timedelta(minutes=15)
ABSOLUTE = timedelta(hours=2)
TOUCH_EVERY = timedelta(seconds=60)
HOME = "/me"


class MemberSignInRequiredError(UnauthenticatedError):
    """401; a browser asking for a page is sent to the member's BankID sign-in."""

    signin_page = "/me/signin"


@dataclass(frozen=True, slots=True)
class Member:
    """A signed-in member: their keyed identity hash (never the number), session, CSRF token."""

    identity_hash: str
    session_id: int
    csrf_token: str
    address: str

    @property
    def actor(self) -> Actor:
        return Actor(f"member {self.identity_hash[:12]}", self.address)


def cookie_name(settings: BackofficeSettings) -> str:
    return "byabutik_member" if settings.mode == "dev" else "__Host-byabutik_member"


def throttle_key(address: str) -> str:
    return f"member-bankid:{address}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


def live(session: Session, token: str, now: datetime) -> MemberSession | None:
    """The live member session behind `token` (touched), or None."""
    row = session.scalar(select(MemberSession).where(MemberSession.token_hash == _digest(token)))
    if row is None or row.ended_at is not None:
        return None
    if now - row.last_seen_at > IDLE or now - row.created_at > ABSOLUTE:
        row.ended_at = now
        session.commit()
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.commit()
    return row


def member_session() -> Callable[..., Awaitable[Member]]:
    """The dependency of every member page: a live member session, CSRF on state changes."""

    async def dependency(
        request: Request, session: Annotated[Session, Depends(get_session)]
    ) -> Member:
        settings: BackofficeSettings = request.app.state.settings
        token = request.cookies.get(cookie_name(settings), "")
        row = live(session, token, _now(request)) if token else None
        if row is None:
            await request.close()
            raise MemberSignInRequiredError("sign in with BankID first")
        member = Member(row.identity_hash, row.id, row.csrf_token, client_address(request))
        if request.method not in SAFE_METHODS:
            form = await request.form()
            sent = form.get("csrf_token")
            if not isinstance(sent, str) or not hmac.compare_digest(
                sent.encode(), row.csrf_token.encode()
            ):
                await request.close()
                raise CsrfError("the form is out of date or came from another site; reload")
        return member

    dependency.__access__ = AccessRule("member")  # type: ignore[attr-defined]
    return dependency


MemberDep = Annotated[Member, Depends(member_session())]


def sign_in(
    request: Request,
    session: Session,
    *,
    settings: BackofficeSettings,
    now: datetime,
    identity_hash: str,
    wants_json: bool,
) -> Response:
    """BankID completed for a member: start their session and send them to their page.

    A member session this browser still holds (its cookie) ends here, on the server: a sign-in
    replaces it, so its token no longer works even if it was copied."""
    address = client_address(request)
    previous = request.cookies.get(cookie_name(settings), "")
    if previous:
        old = session.scalar(
            select(MemberSession).where(MemberSession.token_hash == _digest(previous))
        )
        if old is not None and old.ended_at is None:
            old.ended_at = now
    token = secrets.token_urlsafe(32)
    session.add(
        MemberSession(
            token_hash=_digest(token),
            identity_hash=identity_hash,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            last_seen_at=now,
        )
    )
    throttle.succeeded(session, throttle_key(address))
    record_member_act(
        session,
        actor=Actor(f"member {identity_hash[:12]}", address),
        identity_hash=identity_hash,
        action="member.sign_in",
        now=now,
        target=identity_hash[:12],
        after={"bankid": True},
    )
    session.commit()
    response: Response
    if wants_json:
        response = JSONResponse({"state": "complete", "message": "", "next": HOME})
    else:
        response = RedirectResponse(HOME, status_code=303)
    response.set_cookie(
        cookie_name(settings),
        token,
        max_age=int(ABSOLUTE.total_seconds()),
        httponly=True,
        secure=settings.mode != "dev",
        samesite="lax",
        path="/",
    )
    return response


def sign_out(session: Session, member: Member, now: datetime) -> None:
    row = session.get(MemberSession, member.session_id)
    if row is not None and row.ended_at is None:
        row.ended_at = now
        record_member_act(
            session,
            actor=member.actor,
            identity_hash=member.identity_hash,
            action="member.sign_out",
            now=now,
            target=member.identity_hash[:12],
        )
    session.commit()
