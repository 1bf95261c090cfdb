"""People and roles: create, set roles, sign in (password, then the second factor)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backoffice.access.roles import Role
from backoffice.audit.service import Actor, record
from backoffice.errors import BackofficeError, ConflictError, NotFoundError, TooManyRequestsError
from backoffice.people import passwords, throttle, totp
from backoffice.people.models import Association, Person, RecoveryCode, RoleGrant
from backoffice.stores.models import Store

SIGN_IN_REFUSED = "wrong e-mail or password"


class SignInRefusedError(BackofficeError):
    """The one answer for an unknown account, a wrong password and a disabled person."""

    status_code = 401


@dataclass(frozen=True, slots=True)
class Grant:
    role: Role
    store_slug: str | None = None  # None: the whole association (admin)


def normal_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or " " in email:
        raise BackofficeError(f"{email!r} is not an e-mail address")
    return email


def association_named(session: Session, name: str) -> Association:
    found = session.scalar(select(Association).where(Association.name == name))
    if found is None:
        found = Association(name=name)
        session.add(found)
        session.flush()
    return found


def _grant_rows(session: Session, person: Person, grants: Iterable[Grant]) -> list[RoleGrant]:
    rows = []
    for grant in grants:
        store_id = None
        if grant.role is Role.ADMIN:
            if grant.store_slug is not None:
                raise BackofficeError("admin is a role for the whole association, not one store")
        else:
            if grant.store_slug is None:
                raise BackofficeError(f"the {grant.role} role is for one store: name it")
            store = session.scalar(select(Store).where(Store.slug == grant.store_slug))
            if store is None or store.association_id != person.association_id:
                raise NotFoundError(f"no store {grant.store_slug}")
            store_id = store.id
        rows.append(RoleGrant(person_id=person.id, store_id=store_id, role=grant.role.value))
    return rows


def describe_grants(session: Session, person_id: int) -> list[str]:
    rows = session.execute(
        select(RoleGrant.role, Store.slug)
        .outerjoin(Store, Store.id == RoleGrant.store_id)
        .where(RoleGrant.person_id == person_id)
    )
    return sorted(f"{role}@{slug}" if slug else role for role, slug in rows)


def create_person(
    session: Session,
    *,
    association: Association,
    email: str,
    name: str,
    password: str | None,
    grants: Iterable[Grant],
    actor: Actor,
    now: datetime,
    language: str = "sv",
) -> Person:
    email = normal_email(email)
    if session.scalar(select(Person.id).where(Person.email == email)) is not None:
        raise ConflictError(f"someone has the e-mail {email} already")
    person = Person(
        association_id=association.id,
        email=email,
        name=name.strip()[:200] or email,
        password_hash=passwords.hash_password(password) if password else None,
        language=language,
        created_at=now,
    )
    session.add(person)
    session.flush()
    session.add_all(_grant_rows(session, person, grants))
    session.flush()
    record(
        session,
        actor=actor,
        action="person.create",
        now=now,
        target=email,
        after={"name": person.name, "roles": describe_grants(session, person.id)},
    )
    return person


def set_roles(
    session: Session, *, person: Person, grants: Iterable[Grant], actor: Actor, now: datetime
) -> None:
    before = describe_grants(session, person.id)
    rows = _grant_rows(session, person, grants)
    session.execute(delete(RoleGrant).where(RoleGrant.person_id == person.id))
    session.add_all(rows)
    session.flush()
    after = describe_grants(session, person.id)
    if before != after:
        record(
            session,
            actor=actor,
            action="person.roles",
            now=now,
            target=person.email,
            before=before,
            after=after,
        )


def set_password(
    session: Session, *, person: Person, password: str, actor: Actor, now: datetime
) -> None:
    person.password_hash = passwords.hash_password(password)
    record(session, actor=actor, action="person.password", now=now, target=person.email)


def check_password(
    session: Session, *, email: str, password: str, address: str, now: datetime
) -> Person:
    """The person whose password this is; the same refusal for every failure, after the same
    work; throttled per account and per address (429 with the wait)."""
    email = email.strip().lower()[:254]
    wait = throttle.locked_for(session, email, address, now)
    if wait is not None:
        seconds = max(1, int(wait.total_seconds() + 0.999))
        raise TooManyRequestsError(
            f"too many attempts; try again in {seconds} seconds", retry_after=seconds
        )
    person = session.scalar(select(Person).where(Person.email == email))
    good = passwords.verify_password(person.password_hash if person else None, password)
    if person is None or not good or person.disabled_at is not None:
        throttle.failed(session, email, address, now)
        record(
            session,
            actor=Actor(email, address, person.id if person else None),
            action="sign_in.failure",
            now=now,
            target=email,
        )
        session.commit()
        raise SignInRefusedError(SIGN_IN_REFUSED)
    throttle.succeeded(session, email)
    assert person.password_hash is not None
    if passwords.needs_rehash(person.password_hash):
        person.password_hash = passwords.HASHER.hash(password)
    return person


def check_second_factor(session: Session, person: Person, code: str, now: datetime) -> bool:
    """A TOTP code (once) or an unused recovery code (used up); False otherwise."""
    if person.totp_secret and person.totp_enabled_at:
        step = totp.matching_step(person.totp_secret, code, now, person.totp_last_step)
        if step is not None:
            person.totp_last_step = step
            return True
    recovery = session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.person_id == person.id,
            RecoveryCode.code_hash == totp.code_hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is not None:
        recovery.used_at = now
        return True
    return False


def begin_totp(person: Person) -> str:
    """A new secret (not yet in force) to show as a QR code; `enable_totp` confirms it."""
    person.totp_secret = totp.new_secret()
    person.totp_enabled_at = None
    person.totp_last_step = None
    return person.totp_secret


def enable_totp(
    session: Session, *, person: Person, code: str, actor: Actor, now: datetime
) -> list[str] | None:
    """Puts the pending secret in force if `code` matches; returns fresh recovery codes."""
    if not person.totp_secret:
        return None
    step = totp.matching_step(person.totp_secret, code, now, None)
    if step is None:
        return None
    person.totp_enabled_at = now
    person.totp_last_step = step
    session.execute(delete(RecoveryCode).where(RecoveryCode.person_id == person.id))
    codes = totp.new_recovery_codes()
    session.add_all(RecoveryCode(person_id=person.id, code_hash=totp.code_hash(c)) for c in codes)
    record(session, actor=actor, action="person.totp_enabled", now=now, target=person.email)
    return codes
