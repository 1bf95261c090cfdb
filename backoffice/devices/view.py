"""What the devices page shows of a store's controllers: each device's state (online from its
last contact, within the same `ONLINE_WITHIN` as the home page and board), the store's latest
heartbeat (outbox depth, catalog revision applied) against the backoffice's newest revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from backoffice.catalog.models import CatalogProduct, StoreCatalogSettings
from backoffice.commands.models import StoreCommand
from backoffice.commands.service import PENDING
from backoffice.devices.features import parse
from backoffice.devices.models import Device, EnrollmentCode
from backoffice.heartbeats.service import latest
from backoffice.stores.models import Store
from backoffice.web.home import ONLINE_WITHIN
from retail import wire


def aware(at: datetime | None) -> datetime | None:
    """SQLite gives naive UTC back."""
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


@dataclass(frozen=True, slots=True)
class DeviceRow:
    id: int
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None
    software_version: str
    features: tuple[str, ...] | None  # None: not named since the backoffice began noting them
    online: bool
    rotation_asked: bool  # a rotate command waits for it

    @property
    def may_rotate(self) -> bool:
        return (
            self.revoked_at is None
            and self.features is not None
            and (wire.ROTATE_TOKEN in self.features)
        )


@dataclass(frozen=True, slots=True)
class StoreHeartbeat:
    received_at: datetime | None
    outbox: int | None
    catalog_revision: int | None
    latest_revision: int

    @property
    def applied(self) -> bool:
        return self.catalog_revision is not None and self.catalog_revision >= self.latest_revision


def _rotations_pending(session: Session, store: Store, now: datetime) -> set[int]:
    bodies = session.scalars(
        select(StoreCommand.body).where(
            StoreCommand.store_id == store.id,
            StoreCommand.status == PENDING,
            StoreCommand.expires_at > now,
        )
    )
    return {
        int(body["device_id"])
        for body in bodies
        if body.get("action") == wire.ROTATE_TOKEN and "device_id" in body
    }


def device_rows(session: Session, store: Store, now: datetime) -> list[DeviceRow]:
    """Live devices first (newest first), then the revoked ones (newest first)."""
    asked = _rotations_pending(session, store, now)
    devices = session.scalars(
        select(Device).where(Device.store_id == store.id).order_by(Device.id.desc())
    )
    rows = []
    for device in devices:
        seen = aware(device.last_seen_at)
        named = parse(device.catalog_features)
        rows.append(
            DeviceRow(
                id=device.id,
                created_at=aware(device.created_at) or now,
                last_seen_at=seen,
                revoked_at=aware(device.revoked_at),
                software_version=device.software_version,
                features=None if named is None else tuple(sorted(named)),
                online=device.revoked_at is None
                and seen is not None
                and now - seen <= ONLINE_WITHIN,
                rotation_asked=device.id in asked,
            )
        )
    return sorted(rows, key=lambda row: row.revoked_at is not None)


def store_heartbeat(session: Session, store: Store) -> StoreHeartbeat:
    status = latest(session=session, store_id=store.id)
    body: dict[str, Any] = status.body if status else {}
    revision = body.get("catalog_revision")
    outbox = body.get("outbox_backlog")
    return StoreHeartbeat(
        received_at=aware(status.received_at) if status else None,
        outbox=None if outbox is None else int(outbox),
        catalog_revision=None if revision is None else int(revision),
        latest_revision=latest_for(session, store),
    )


def latest_for(session: Session, store: Store) -> int:
    """The newest catalog revision that concerns the store: a product of its own or shared,
    its settings or access policy (another store's change moves the counter, not this)."""
    product = session.scalar(
        select(func.max(CatalogProduct.revision)).where(
            or_(CatalogProduct.store_id == store.id, CatalogProduct.store_id.is_(None))
        )
    )
    settings = session.scalar(
        select(StoreCatalogSettings.revision).where(StoreCatalogSettings.store_id == store.id)
    )
    return max(int(product or 0), int(settings or 0))


def open_codes(session: Session, store: Store, now: datetime) -> list[datetime]:
    """When each unused, unrevoked code of the store expires (the codes themselves are gone)."""
    expiries = session.scalars(
        select(EnrollmentCode.expires_at)
        .where(
            EnrollmentCode.store_id == store.id,
            EnrollmentCode.used_at.is_(None),
            EnrollmentCode.revoked_at.is_(None),
        )
        .order_by(EnrollmentCode.expires_at)
    )
    return [at for at in (aware(e) for e in expiries) if at is not None and at > now]
