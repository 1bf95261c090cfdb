"""Heartbeats: keep every one, and the latest per store (timed by our clock, not the store's)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from backoffice.db.dialect import upsert_insert
from backoffice.heartbeats.models import HeartbeatRecord, StoreStatus
from backoffice.temperatures.service import record_readings
from retail import wire


def record_heartbeat(
    *, session: Session, store_id: int, heartbeat: wire.Heartbeat, now: datetime
) -> None:
    body = heartbeat.model_dump(mode="json")
    session.execute(insert(HeartbeatRecord).values(store_id=store_id, received_at=now, body=body))
    statement = upsert_insert(session, StoreStatus).values(
        store_id=store_id, received_at=now, body=body
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["store_id"], set_={"received_at": now, "body": body}
        )
    )
    record_readings(session=session, store_id=store_id, heartbeat=heartbeat, now=now)


def latest(*, session: Session, store_id: int) -> StoreStatus | None:
    return session.get(StoreStatus, store_id)
