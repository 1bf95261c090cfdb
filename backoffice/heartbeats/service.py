"""Heartbeats: keep every one, and the newest per store (sent last by the store; timed by our
clock when it arrived)."""

from __future__ import annotations

from datetime import UTC, datetime

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
    if _newer_than_status(session, store_id, heartbeat, now):
        statement = upsert_insert(session, StoreStatus).values(
            store_id=store_id, received_at=now, body=body
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["store_id"], set_={"received_at": now, "body": body}
            )
        )
    record_readings(session=session, store_id=store_id, heartbeat=heartbeat, now=now)


def _newer_than_status(
    session: Session, store_id: int, heartbeat: wire.Heartbeat, now: datetime
) -> bool:
    """A heartbeat replayed from the outbox that is older than the store's status (sent before
    the one it holds) must not replace it: the status would go back in time and the offline rule
    would count from the replay's arrival, not from the store's newest word."""
    status = session.get(StoreStatus, store_id, with_for_update=True)
    if status is None:
        return True
    held = datetime.fromisoformat(status.body["sent_at"])
    return not older(heartbeat.sent_at, now, held, status.received_at)


def older(sent_at: datetime, now: datetime, held_sent: datetime, held_at: datetime) -> bool:
    """Was a heartbeat sent at `sent_at` (arriving `now`) sent before the one held (sent
    `held_sent`, arrived `held_at`)? A time ahead of its arrival counts as its arrival: one
    heartbeat from a store clock far ahead (the clock alert reads it) must not hide every later
    one once the clock is put right (the store would look offline for good)."""
    held_at = held_at if held_at.tzinfo else held_at.replace(tzinfo=UTC)
    held_sent = held_sent if held_sent.tzinfo else held_sent.replace(tzinfo=UTC)
    return min(sent_at, now) < min(held_sent, held_at)


def latest(*, session: Session, store_id: int) -> StoreStatus | None:
    return session.get(StoreStatus, store_id)
