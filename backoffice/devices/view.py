"""What the devices page shows of a store's controllers: one row per controller (its newest
device row; the rows key rotations replaced shown within it), each with its state (online from
its last contact, within the same `ONLINE_WITHIN` as the home page and board), its own latest
heartbeat and the last request to rotate its key; and the store's latest heartbeat (outbox
depth, catalog revision applied) against the backoffice's newest revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from backoffice.catalog.models import CatalogProduct, StoreCatalogSettings
from backoffice.catalog.service import current_revision
from backoffice.devices.features import WORDS, parse
from backoffice.devices.models import Device, EnrollmentCode
from backoffice.devices.rotations import Outcome, RotationRequest, last_requests
from backoffice.heartbeats.service import latest
from backoffice.stores.models import Store
from backoffice.web.home import ONLINE_WITHIN
from retail import wire


def aware(at: datetime | None) -> datetime | None:
    """SQLite gives naive UTC back."""
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


@dataclass(frozen=True, slots=True)
class Earlier:
    """A key the controller had before: its device row, revoked when the key was rotated."""

    id: int
    created_at: datetime
    rotated_at: datetime | None


@dataclass(frozen=True, slots=True)
class DeviceRow:
    """One controller: its current device row (the newest after key rotations)."""

    id: int
    created_at: datetime  # when the controller was connected (its first key)
    last_seen_at: datetime | None
    revoked_at: datetime | None
    software_version: str
    features: tuple[str, ...] | None  # None: not named since the backoffice began noting them
    online: bool
    heartbeat_at: datetime | None  # its own newest heartbeat, with its figures
    outbox: int | None
    catalog_revision: int | None
    rotation: RotationRequest | None  # the last request to rotate its key, when of note
    earlier: tuple[Earlier, ...] = ()  # its keys before rotations, newest first

    @property
    def name(self) -> int:
        """The controller's number on the page: its first key's row, whatever keys followed."""
        return self.earlier[-1].id if self.earlier else self.id

    @property
    def feature_words(self) -> tuple[tuple[str, bool], ...]:
        """Each feature as the owner reads it: (message id, True) or (its name, False)."""
        return tuple(
            (WORDS[name], True) if name in WORDS else (name, False) for name in self.features or ()
        )

    @property
    def may_rotate(self) -> bool:
        return (
            self.revoked_at is None
            and self.features is not None
            and (wire.ROTATE_TOKEN in self.features)
        )

    @property
    def rotation_asked(self) -> bool:
        return self.rotation is not None and self.rotation.outcome is Outcome.PENDING

    @property
    def rotated_at(self) -> datetime | None:
        """When its key was last rotated (its previous row revoked)."""
        return self.earlier[0].rotated_at if self.earlier else None


@dataclass(frozen=True, slots=True)
class StoreHeartbeat:
    received_at: datetime | None
    outbox: int | None
    catalog_revision: int | None
    latest_revision: int  # the newest that concerns the store
    newest_revision: int  # the backoffice's newest of all (what a pull answers up to)

    @property
    def applied(self) -> bool:
        return self.catalog_revision is not None and self.catalog_revision >= self.latest_revision

    def ahead(self, revision: int | None) -> bool:
        """A store holding a revision the backoffice never gave out: the backoffice was put back
        to an earlier state (restored from a backup) and lacks the changes after it."""
        return revision is not None and revision > self.newest_revision


def _earlier(device: Device, by_id: dict[int, Device]) -> tuple[Earlier, ...]:
    chain: list[Earlier] = []
    previous = by_id.get(device.rotated_from_id) if device.rotated_from_id else None
    while previous is not None and len(chain) < len(by_id):
        chain.append(Earlier(previous.id, previous.created_at, previous.revoked_at))
        previous = by_id.get(previous.rotated_from_id) if previous.rotated_from_id else None
    return tuple(chain)


def device_rows(session: Session, store: Store, now: datetime) -> list[DeviceRow]:
    """One row per controller (a row a rotation replaced is shown within its successor's):
    live controllers first (newest first), then the revoked ones (newest first)."""
    devices = list(
        session.scalars(
            select(Device).where(Device.store_id == store.id).order_by(Device.id.desc())
        )
    )
    by_id = {device.id: device for device in devices}
    # A rotated token takes its controller over at its first request (last_seen_at set); until
    # then the old row is the controller and the new one is not shown.
    used = [d for d in devices if d.rotated_from_id is None or d.last_seen_at is not None]
    replaced = {device.rotated_from_id for device in used if device.rotated_from_id}
    current = [device for device in used if device.id not in replaced]
    asked = last_requests(session, store.id, (d.id for d in current if d.revoked_at is None), now)
    rows = []
    for device in current:
        seen = device.last_seen_at
        named = parse(device.catalog_features)
        earlier = _earlier(device, by_id)
        rows.append(
            DeviceRow(
                id=device.id,
                created_at=earlier[-1].created_at if earlier else device.created_at,
                last_seen_at=seen,
                revoked_at=device.revoked_at,
                software_version=device.software_version,
                features=None if named is None else tuple(sorted(named)),
                online=device.revoked_at is None
                and seen is not None
                and now - seen <= ONLINE_WITHIN,
                heartbeat_at=device.heartbeat_at,
                outbox=device.outbox_backlog,
                catalog_revision=device.catalog_revision,
                rotation=asked.get(device.id),
                earlier=earlier,
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
        newest_revision=current_revision(session),
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
