"""What the status board shows of one store, read from its latest heartbeat, its sales and its
alert cases; and a fingerprint of it all that is cheap to compute (the board's ETag)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.alerts.models import RESOLVED, AlertCase
from backoffice.heartbeats.models import StoreStatus
from backoffice.sales.models import Sale
from backoffice.stores.models import Store
from backoffice.temperatures.limits import Limits, of_heartbeat
from backoffice.web.home import ONLINE_WITHIN

__all__ = ["StoreBoard", "Thermometer", "board_of", "fingerprint"]


@dataclass(frozen=True, slots=True)
class Thermometer:
    sensor: str
    centi: int
    limits: Limits

    @property
    def outside(self) -> bool:
        return self.limits.outside(self.centi)


@dataclass(frozen=True, slots=True)
class StoreBoard:
    store: Store
    online: bool | None  # None: never heard from
    since: datetime | None  # online since / offline since (last heard)
    door: str | None
    lock_down: bool | None
    software_version: str | None
    outbox: int | None
    last_sale: datetime | None
    open_alerts: int
    thermometers: list[Thermometer]


def _online_since(session: Session, store: Store, body: dict[str, Any]) -> datetime | None:
    """When the store came back: its controller's start, or the end of its last offline case."""
    started = None
    if "sent_at" in body and "uptime_s" in body:
        started = datetime.fromisoformat(str(body["sent_at"])) - timedelta(
            seconds=int(body["uptime_s"])
        )
    back = session.scalar(
        select(func.max(AlertCase.resolved_at)).where(
            AlertCase.store_id == store.id, AlertCase.kind == "store_offline"
        )
    )
    return max((t for t in (started, back) if t is not None), default=None)


def board_of(session: Session, store: Store, now: datetime) -> StoreBoard:
    status = session.get(StoreStatus, store.id)
    body: dict[str, Any] = status.body if status else {}
    online = None if status is None else now - status.received_at <= ONLINE_WITHIN
    since = None
    if status is not None:
        since = _online_since(session, store, body) if online else status.received_at
    last_sale = session.scalar(select(func.max(Sale.occurred_at)).where(Sale.store_id == store.id))
    alerts = session.scalar(
        select(func.count())
        .select_from(AlertCase)
        .where(AlertCase.store_id == store.id, AlertCase.status != RESOLVED)
    )
    thermometers = [
        Thermometer(str(t["sensor"]), int(t["centi_celsius"]), of_heartbeat(t))
        for t in body.get("temperatures", ())
    ]
    return StoreBoard(
        store=store,
        online=online,
        since=since,
        door=body.get("door"),
        lock_down=body.get("lock_down"),
        software_version=body.get("software_version"),
        outbox=body.get("outbox_backlog"),
        last_sale=last_sale,
        open_alerts=int(alerts or 0),
        thermometers=thermometers,
    )


def fingerprint(session: Session, stores: list[Store], now: datetime, language: str) -> str:
    """Changes whenever the board would: a heartbeat, a store going silent, a sale, an alert
    step, the language. Three small queries."""
    ids = [s.id for s in stores]
    heard = [
        (store_id, at, now - at <= ONLINE_WITHIN)
        for store_id, at in session.execute(
            select(StoreStatus.store_id, StoreStatus.received_at)
            .where(StoreStatus.store_id.in_(ids))
            .order_by(StoreStatus.store_id)
        )
    ]
    sold = session.scalar(select(func.max(Sale.occurred_at)).where(Sale.store_id.in_(ids)))
    cases = session.execute(
        select(func.count(), func.max(AlertCase.id), func.max(AlertCase.last_seen)).where(
            AlertCase.store_id.in_(ids), AlertCase.status != RESOLVED
        )
    ).one()
    parts = [ids, heard, sold, tuple(cases), language]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
