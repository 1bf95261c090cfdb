"""Personal API tokens: `bbt_` + 32 random bytes, shown once, kept as SHA-256, with scopes and
an expiry, revocable."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session

from backoffice.access.roles import Scope
from backoffice.errors import BackofficeError, NotFoundError
from backoffice.people.models import ApiToken, Passkey, Person, RoleGrant
from backoffice.people.sessions import token_hash

PREFIX = "bbt_"
LONGEST = timedelta(days=366)


class TokenError(BackofficeError):
    status_code = 400


def parse_scopes(values: list[str] | str) -> frozenset[Scope]:
    words = values.split() if isinstance(values, str) else [w for v in values for w in v.split()]
    try:
        scopes = frozenset(Scope(word) for word in words)
    except ValueError:
        known = ", ".join(s.value for s in Scope)
        raise TokenError(f"unknown scope in {' '.join(words)!r}; scopes are {known}") from None
    if not scopes:
        raise TokenError("a token needs at least one scope")
    return scopes


def issue(
    session: Session,
    *,
    person_id: int,
    name: str,
    scopes: frozenset[Scope],
    lifetime: timedelta,
    now: datetime,
) -> tuple[str, ApiToken]:
    """A new token; the clear text is returned once and stored nowhere."""
    name = name.strip()
    if not name or len(name) > 100:
        raise TokenError("a token needs a name of 1 to 100 characters")
    if not timedelta(hours=1) <= lifetime <= LONGEST:
        raise TokenError("a token lives from one hour to a year")
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        person_id=person_id,
        name=name,
        token_hash=token_hash(token),
        scopes=" ".join(sorted(scopes)),
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    session.flush()
    return token, row


class Bearer(NamedTuple):
    """A usable token's caller: the token, its person, whether they have a passkey, and their
    role grants as (store id or None, role)."""

    token: ApiToken
    person: Person
    passkey: bool
    grants: list[tuple[int | None, str]]


_BEARER = (
    select(
        ApiToken,
        Person,
        exists().where(Passkey.person_id == Person.id),
        RoleGrant.store_id,
        RoleGrant.role,
    )
    .join(Person, Person.id == ApiToken.person_id)
    .outerjoin(RoleGrant, RoleGrant.person_id == Person.id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)
"""Built once: building it (and its cache key) cost more than running it (bench/stocktake)."""


def bearer(session: Session, token: str, now: datetime) -> Bearer | None:
    """The token, if usable (known, not revoked, not expired), with its person, passkey and
    grants, in one query (an API call's authentication: a phone scanning stock sends one a
    second or two)."""
    rows = session.execute(_BEARER, {"token_hash": token_hash(token)}).all()
    if not rows:
        return None
    row, person, passkey = rows[0][:3]
    if row.revoked_at is not None or row.expires_at <= now:
        return None
    grants = [(store_id, role) for *_, store_id, role in rows if role is not None]
    return Bearer(row, person, bool(passkey), grants)


def of_person(session: Session, person_id: int) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.person_id == person_id).order_by(ApiToken.id.desc())
        )
    )


def revoke(session: Session, *, person_id: int, token_id: int, now: datetime) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None or row.person_id != person_id:
        raise NotFoundError(f"no token {token_id}")
    if row.revoked_at is None:
        row.revoked_at = now
    return row
