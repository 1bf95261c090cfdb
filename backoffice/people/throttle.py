"""Sign-in throttling: per account and per client address, a lock that doubles with each failure
past a free allowance (1 s, 2 s, 4 s ... up to 15 minutes). Unknown accounts are throttled alike."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from backoffice.people.models import SignInThrottle

ACCOUNT_ALLOWANCE = 5
ADDRESS_ALLOWANCE = 20
LONGEST = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=24)


def keys(email: str, address: str) -> list[tuple[str, int]]:
    return [
        (f"account:{email.strip().lower()}", ACCOUNT_ALLOWANCE),
        (f"address:{address}", ADDRESS_ALLOWANCE),
    ]


def locked_for(session: Session, email: str, address: str, now: datetime) -> timedelta | None:
    """How long sign-in stays refused for this account or address (None: it may try now)."""
    waits = []
    for key, _allowance in keys(email, address):
        row = session.get(SignInThrottle, key)
        if row is not None and row.locked_until is not None and row.locked_until > now:
            waits.append(row.locked_until - now)
    return max(waits) if waits else None


def failed(session: Session, email: str, address: str, now: datetime) -> None:
    for key, allowance in keys(email, address):
        row = session.get(SignInThrottle, key)
        if row is None or now - row.last_failure_at > FORGET_AFTER:
            if row is not None:
                session.delete(row)
                session.flush()
            row = SignInThrottle(key=key, failures=0, last_failure_at=now)
            session.add(row)
        row.failures += 1
        row.last_failure_at = now
        over = row.failures - allowance
        if over > 0:
            row.locked_until = now + min(timedelta(seconds=2 ** min(over - 1, 20)), LONGEST)


def succeeded(session: Session, email: str) -> None:
    """A correct sign-in clears the account's count (not the address's)."""
    session.execute(
        delete(SignInThrottle).where(SignInThrottle.key == f"account:{email.strip().lower()}")
    )
