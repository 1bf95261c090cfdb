"""Server-side web sessions: the cookie carries a random token, the database its SHA-256.

A session ends on sign-out, "sign out everywhere", after `idle` without a request, or `absolute`
after it began, whichever comes first. A session that passed the password but not yet the second
factor is `pending_second_factor` and grants nothing but the second-factor step.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backoffice.people.models import WebSession

TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Timeouts:
    idle: timedelta
    absolute: timedelta


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(
    session: Session,
    *,
    person_id: int,
    now: datetime,
    address: str,
    user_agent: str,
    pending_second_factor: bool,
) -> tuple[str, WebSession]:
    """A new session; returns the cookie's token (kept nowhere) and the row."""
    token = secrets.token_urlsafe(32)
    row = WebSession(
        token_hash=token_hash(token),
        person_id=person_id,
        csrf_token=secrets.token_urlsafe(32),
        pending_second_factor=pending_second_factor,
        created_at=now,
        last_seen_at=now,
        address=address[:64],
        user_agent=user_agent[:300],
    )
    session.add(row)
    session.flush()
    return token, row


def live(session: Session, token: str, now: datetime, timeouts: Timeouts) -> WebSession | None:
    """The live session behind `token` (touched), or None if unknown, ended or timed out."""
    row = session.scalar(select(WebSession).where(WebSession.token_hash == token_hash(token)))
    if row is None or row.ended_at is not None:
        return None
    if now - row.last_seen_at > timeouts.idle or now - row.created_at > timeouts.absolute:
        row.ended_at = now
        session.commit()
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.commit()
    return row


def end(session: Session, row: WebSession, now: datetime) -> None:
    row.ended_at = now


def end_all(session: Session, person_id: int, now: datetime, *, keep: int | None = None) -> int:
    """Ends every live session of a person (but `keep`); returns how many."""
    query = (
        update(WebSession)
        .where(WebSession.person_id == person_id, WebSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    if keep is not None:
        query = query.where(WebSession.id != keep)
    return int(session.execute(query).rowcount)  # type: ignore[attr-defined]


def active(session: Session, person_id: int, now: datetime, timeouts: Timeouts) -> list[WebSession]:
    rows = session.scalars(
        select(WebSession)
        .where(WebSession.person_id == person_id, WebSession.ended_at.is_(None))
        .order_by(WebSession.last_seen_at.desc())
    )
    return [
        row
        for row in rows
        if now - row.last_seen_at <= timeouts.idle and now - row.created_at <= timeouts.absolute
    ]
