"""Links sent by e-mail: an invitation (a new person sets their password) and a password reset.
Each works once and until it expires; the token is random, kept as SHA-256. A new link of the same
purpose ends the person's older ones."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backoffice.people.models import EmailLink, Person
from backoffice.people.sessions import token_hash


class Purpose(StrEnum):
    INVITE = "invite"
    RESET = "reset"


def issue(
    session: Session, *, person: Person, purpose: Purpose, lifetime: timedelta, now: datetime
) -> str:
    """A fresh link token (kept nowhere but in the e-mail); older open links of this purpose end."""
    session.execute(
        update(EmailLink)
        .where(
            EmailLink.person_id == person.id,
            EmailLink.purpose == purpose.value,
            EmailLink.used_at.is_(None),
        )
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        EmailLink(
            token_hash=token_hash(token),
            purpose=purpose.value,
            person_id=person.id,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    return token


def open_link(session: Session, token: str, purpose: Purpose, now: datetime) -> EmailLink | None:
    """The unused, unexpired link behind `token`, or None (unknown, used or expired alike)."""
    if not token or len(token) > 100:
        return None
    row = session.scalar(
        select(EmailLink).where(
            EmailLink.token_hash == token_hash(token), EmailLink.purpose == purpose.value
        )
    )
    if row is None or row.used_at is not None or now >= row.expires_at:
        return None
    return row


def use(session: Session, token: str, purpose: Purpose, now: datetime) -> Person | None:
    """Uses the link up and returns its person; None if it does not work (any reason)."""
    row = open_link(session, token, purpose, now)
    if row is None:
        return None
    person = session.get(Person, row.person_id)
    if person is None or person.disabled_at is not None:
        return None
    row.used_at = now
    return person
