"""Every thermometer reading of the heartbeats is kept (direct or queued in the outbox), once,
for the 24-hour chart and the cold-chain log."""

from __future__ import annotations

from datetime import timedelta

from backoffice.temperatures.service import readings
from retail import wire
from store_controller.core.clock import ManualClock
from tests.backoffice.alerts.conftest import Store
from tests.store_controller.sync.harness import T0, Backoffice


def test_readings_are_kept_per_thermometer_and_time(
    backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    store.heartbeat(temps={"frys-1": -1850, "kyl-1": 420})
    clock.advance(60)
    store.heartbeat(temps={"frys-1": -1790, "kyl-1": 450})
    queued = wire.Heartbeat(
        sent_at=T0 - timedelta(hours=2),
        software_version="0.1.0",
        uptime_s=5,
        outbox_backlog=1,
        catalog_revision=0,
        door=wire.DoorState.LOCKED,
        lock_down=False,
        temperatures=(
            wire.Temperature(sensor="kyl-1", centi_celsius=610, min_centi=0, max_centi=800),
        ),
    )
    store.push([queued])
    store.push([queued])  # replayed under another sequence number
    with backoffice.sessions() as session:
        day = readings(
            session=session, store_id=1, start=T0 - timedelta(days=1), end=T0 + timedelta(days=1)
        )
        fridge = readings(
            session=session, store_id=1, start=T0, end=T0 + timedelta(hours=1), sensor="kyl-1"
        )
    assert [(r.sensor, r.centi_celsius) for r in day] == [
        ("frys-1", -1850),
        ("frys-1", -1790),
        ("kyl-1", 610),
        ("kyl-1", 420),
        ("kyl-1", 450),
    ]
    assert [r.measured_at for r in fridge] == [T0, T0 + timedelta(seconds=60)]
    kept = [(r.min_centi, r.max_centi) for r in day if r.sensor == "kyl-1"]
    assert kept == [(0, 800), (None, None), (None, None)]  # the queued one carried its limits
