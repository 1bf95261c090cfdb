"""Enrollment codes and device tokens: issue, redeem, authenticate, revoke, rotate.

Secrets are shown once and stored only as SHA-256 digests: codes and tokens are random (80 and
256 bits), so a plain digest is enough and lets the lookup be one indexed equality.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from backoffice.audit.service import Actor, record
from backoffice.db.dialect import pg_connection
from backoffice.devices.models import Device, EnrollmentCode
from backoffice.errors import NotFoundError, UnauthenticatedError
from backoffice.stores.models import Store

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DEFAULT_CODE_TTL = timedelta(hours=24)
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class IssuedToken:
    device_id: int
    store_id: int
    store_slug: str
    token: str


@dataclass(frozen=True)
class AuthenticatedDevice:
    """Who is calling: the store comes from here, never from a request body."""

    device_id: int
    store_id: int
    store_slug: str


def issue_enrollment_code(
    *, session: Session, store: Store, now: datetime, ttl: timedelta = DEFAULT_CODE_TTL
) -> IssuedCode:
    code = new_code()
    expires_at = now + ttl
    session.add(EnrollmentCode(store_id=store.id, code_hash=digest(code), expires_at=expires_at))
    session.flush()
    return IssuedCode(code=code, expires_at=expires_at)


def create_enrollment_code(
    *, session: Session, store: Store, actor: Actor, now: datetime
) -> IssuedCode:
    """An owner's new enrollment code with its audit record (the expiry, never the code);
    the caller commits. The devices page and the admin API both create codes here."""
    issued = issue_enrollment_code(session=session, store=store, now=now)
    record(
        session,
        actor=actor,
        action="device.enrollment_code",
        now=now,
        store_id=store.id,
        target=store.slug,
        after={"expires_at": issued.expires_at.isoformat()},
    )
    return issued


def redeem_enrollment_code(
    *, session: Session, code: str, software_version: str, now: datetime
) -> IssuedToken:
    """Exchange a valid, unused, unexpired code for a new device token (the code is spent)."""
    row = session.scalar(
        select(EnrollmentCode).where(EnrollmentCode.code_hash == digest(code)).with_for_update()
    )
    if row is None or row.used_at or row.revoked_at or row.expires_at <= now:
        raise UnauthenticatedError("the enrollment code is unknown, used or expired")
    row.used_at = now
    store = session.get_one(Store, row.store_id)
    return _new_device(session=session, store=store, software_version=software_version, now=now)


def _new_device(
    *, session: Session, store: Store, software_version: str, now: datetime
) -> IssuedToken:
    token = secrets.token_urlsafe(32)
    device = Device(
        store_id=store.id,
        token_hash=digest(token),
        software_version=software_version,
        created_at=now,
        last_seen_at=now,
    )
    session.add(device)
    session.flush()
    return IssuedToken(device_id=device.id, store_id=store.id, store_slug=store.slug, token=token)


LIVE_DEVICE = (
    select(Device.id, Device.store_id, Store.slug, Device.last_seen_at)
    .join(Store, Store.id == Device.store_id)
    .where(Device.token_hash == bindparam("token_hash"), Device.revoked_at.is_(None))
)
"""The live (unrevoked) device holding a token digest: built once, not per request."""

LIVE_DEVICE_SQL = """
SELECT d.id, d.store_id, s.slug, d.last_seen_at FROM devices d JOIN stores s ON s.id = d.store_id
WHERE d.token_hash = %s AND d.revoked_at IS NULL"""
"""The same read as fixed text on PostgreSQL's driver (no statement building or ORM rows)."""


def authenticate(*, session: Session, token: str, now: datetime) -> AuthenticatedDevice:
    """The device of a live token, read from the database on every request: a revoked token is
    refused at its next request. Its row is loaded and `last_seen_at` written at most once per
    LAST_SEEN_RESOLUTION (and on a rotated token's first use)."""
    token_hash = digest(token)
    connection = pg_connection(session)
    if connection is not None:
        found = connection.execute(LIVE_DEVICE_SQL, (token_hash,)).fetchone()
    else:
        found = session.execute(LIVE_DEVICE, {"token_hash": token_hash}).one_or_none()
    if found is None:
        raise UnauthenticatedError("unknown or revoked device credential")
    device_id, store_id, slug, last_seen_at = found
    if last_seen_at is None or now - last_seen_at > LAST_SEEN_RESOLUTION:
        device = session.get_one(Device, device_id)
        if device.last_seen_at is None:
            take_over(session, device, now)
        device.last_seen_at = now
        session.commit()
    return AuthenticatedDevice(device_id=device_id, store_id=store_id, store_slug=slug)


def rotate_token(*, session: Session, device: AuthenticatedDevice, now: datetime) -> IssuedToken:
    """A new token for the calling device. The old one keeps working until the new one is first
    used (`take_over`): a controller that loses the answer, or stops before it has stored the
    new token, still has a working key and simply rotates again. A new token still unused when
    the old one asks again is dropped (its answer was lost; its row never took a request)."""
    caller = session.get_one(Device, device.device_id)
    take_over(session, caller, now)  # rotating with a new token is its first use
    unused = select(Device).where(Device.rotated_from_id == caller.id, Device.revoked_at.is_(None))
    for row in list(session.scalars(unused)):
        session.delete(row)
    session.flush()
    store = session.get_one(Store, device.store_id)
    issued = _new_device(
        session=session, store=store, software_version=caller.software_version, now=now
    )
    new = session.get_one(Device, issued.device_id)
    new.rotated_from_id = caller.id
    new.last_seen_at = None  # unused: its first request revokes the old token
    return issued


def take_over(session: Session, device: Device, now: datetime) -> None:
    """The first request with a rotated token: the token it replaced is revoked now, and the
    new row (the same controller, `rotated_from_id`) carries what the controller last said
    (features, heartbeat figures); the old row stays, revoked, for the audit trail."""
    if device.rotated_from_id is None:
        return
    device.last_seen_at = device.last_seen_at or now  # used: the view shows it from now on
    old = session.get_one(Device, device.rotated_from_id)
    if old.revoked_at is not None:
        return
    old.revoked_at = now
    device.catalog_features = device.catalog_features or old.catalog_features
    if device.heartbeat_at is None:
        device.heartbeat_at = old.heartbeat_at
        device.heartbeat_sent_at = old.heartbeat_sent_at
        device.outbox_backlog = old.outbox_backlog
        device.catalog_revision = old.catalog_revision


def same_controller(session: Session, device_id: int, named_id: int) -> bool:
    """Is `device_id` the controller of device row `named_id`: that row, or a key rotated from
    it (following `rotated_from_id` back)?"""
    seen: set[int] = set()
    current: int | None = device_id
    while current is not None and current not in seen:
        if current == named_id:
            return True
        seen.add(current)
        current = session.scalar(select(Device.rotated_from_id).where(Device.id == current))
    return False


def revoke_devices(*, session: Session, store: Store, now: datetime) -> int:
    """Revoke every live device and unused code of `store`; how many devices were revoked."""
    session.execute(
        update(EnrollmentCode)
        .where(EnrollmentCode.store_id == store.id, EnrollmentCode.used_at.is_(None))
        .values(revoked_at=now)
    )
    result = session.execute(
        update(Device)
        .where(Device.store_id == store.id, Device.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(getattr(result, "rowcount", 0))


def revoke_device(*, session: Session, device_id: int, now: datetime) -> None:
    """Revoke a device and any rotated token of it not used yet (it would work otherwise)."""
    device = session.get(Device, device_id)
    if device is None:
        raise NotFoundError(f"no device {device_id}")
    device.revoked_at = device.revoked_at or now
    successors = select(Device.id).where(
        Device.rotated_from_id == device.id, Device.revoked_at.is_(None)
    )
    for successor in list(session.scalars(successors)):
        revoke_device(session=session, device_id=successor, now=now)


def list_devices(*, session: Session, store: Store) -> list[Device]:
    return list(session.scalars(select(Device).where(Device.store_id == store.id)))
