"""A heartbeat replayed from the store's outbox (sent before the one the backoffice holds) is
kept in the history but does not put the store's status back in time: the status board and the
offline rule count from the store's newest heartbeat."""

from __future__ import annotations

from datetime import timedelta

from backoffice.heartbeats.service import latest
from retail import wire
from store_controller.core.clock import ManualClock
from tests.backoffice.alerts.conftest import Store
from tests.backoffice.alerts.test_rules import run
from tests.store_controller.sync.harness import T0, Backoffice


def beat(sent_at: object) -> wire.Heartbeat:
    return wire.Heartbeat.model_validate(
        {
            "sent_at": sent_at,
            "software_version": "0.1.0",
            "uptime_s": 5,
            "outbox_backlog": 0,
            "catalog_revision": 0,
            "door": "locked",
            "lock_down": False,
            "temperatures": [],
        }
    )


def test_an_older_heartbeat_from_the_outbox_leaves_the_newer_status(
    backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    store.heartbeat()  # sent and received at T0
    clock.advance(60)
    store.heartbeat()  # the newest: T0 + 1 min
    clock.advance(60)
    store.push([beat(T0 + timedelta(seconds=30))])  # queued while the link flickered
    with backoffice.sessions() as session:
        status = latest(session=session, store_id=1)
        assert status is not None
        assert status.body["sent_at"].startswith("2026-11-28T08:01:00")
        assert status.received_at.replace(tzinfo=None) == (T0 + timedelta(minutes=1)).replace(
            tzinfo=None
        )
    clock.advance(121)  # 3 min after the newest heartbeat arrived
    assert [c.kind for c in run(backoffice, clock).raised] == ["store_offline"]


def test_a_newer_heartbeat_from_the_outbox_moves_the_status_on(
    backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    store.heartbeat()
    clock.advance(300)
    store.push([beat(T0 + timedelta(minutes=4))])  # sent during an outage, newer than T0
    with backoffice.sessions() as session:
        status = latest(session=session, store_id=1)
        assert status is not None
        assert status.body["sent_at"].startswith("2026-11-28T08:04:00")
