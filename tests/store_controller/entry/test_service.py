"""`DoorService` with a fake relay and buzzer on a manual clock: effects become the right calls
and rows; faults, alarms and the lease check."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from drivers.config import HardwareConfig, LockConfig
from drivers.events import DeviceFault, DoorClosed, DoorOpened
from retail.wire import Visit, VisitOutcome
from store_controller.alerts.models import AlertRecord
from store_controller.bootstrap import build_controller, create_app
from store_controller.core.clock import ManualClock
from store_controller.customers.models import VisitRecord
from store_controller.door import AccessPolicy, AlarmKind, DoorConfig, DoorState
from store_controller.entry import records
from store_controller.entry.admission import Admission
from store_controller.entry.service import DoorService
from store_controller.outbox.models import OutboxEntry
from store_controller.settings import ControllerSettings

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
VISIT = "00000000-0000-4000-8000-000000000001"


class FakeLock:
    name = "door"

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.broken = False

    @property
    def is_locked(self) -> bool:
        return self.calls[-1:] != ["unlock"]

    def unlock(self, window_s: float) -> float:
        if self.broken:
            raise OSError("relay board gone")
        self.calls.append("unlock")
        return window_s

    def lock(self) -> None:
        self.calls.append("lock")

    def close(self) -> None:
        self.lock()


class FakeBuzzer:
    name = "buzzer"

    def __init__(self) -> None:
        self.calls: list[str] = []

    @property
    def is_on(self) -> bool:
        return self.calls[-1:] == ["on"]

    def on(self) -> None:
        self.calls.append("on")

    def off(self) -> None:
        self.calls.append("off")

    def beep(self, n: int = 1, on_s: float = 0.1, off_s: float = 0.1) -> None:
        self.calls.append(f"beep{n}")

    def close(self) -> None:
        self.off()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def lock() -> FakeLock:
    return FakeLock()


@pytest.fixture
def buzzer() -> FakeBuzzer:
    return FakeBuzzer()


@pytest.fixture
def door(
    sessions: sessionmaker[Session], clock: ManualClock, lock: FakeLock, buzzer: FakeBuzzer
) -> DoorService:
    return DoorService(
        config=DoorConfig(), lock=lock, sessions=sessions, clock=clock, buzzer=buzzer
    )


def alerts(sessions: sessionmaker[Session]) -> list[AlertRecord]:
    with sessions() as session:
        return list(session.scalars(select(AlertRecord)))


def outbox_kinds(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        return [row.kind for row in session.scalars(select(OutboxEntry))]


def test_a_grant_energises_until_the_door_opens_and_the_visit_is_queued_on_close(
    door: DoorService, lock: FakeLock, sessions: sessionmaker[Session], clock: ManualClock
) -> None:
    with sessions.begin() as session:
        records.add_visit(
            session,
            visit_id=VISIT,
            customer_id=None,
            outcome=VisitOutcome.GRANTED,
            age=None,
            decided_at=clock.now(),
            final=False,
        )
    states: list[DoorState] = []
    door.on_state(states.append)
    door.grant_entry(VISIT)
    assert lock.calls == ["unlock"]
    door.on_door_opened(DoorOpened("door", 0.0))
    assert lock.calls == ["unlock", "lock"]
    clock.advance(3)
    door.on_door_closed(DoorClosed("door", 0.0))
    assert states == [DoorState.UNLOCKED, DoorState.OPEN, DoorState.LOCKED]
    with sessions() as session:
        visit = session.get(VisitRecord, VISIT)
        assert visit is not None
        assert visit.door_opened_at is not None
        assert visit.door_closed_at is not None
        assert visit.door_closed_at - visit.door_opened_at == timedelta(seconds=3)
    assert outbox_kinds(sessions) == ["visit"]


def test_a_wall_clock_stepped_back_inside_a_visit_never_closes_it_before_it_opened(
    door: DoorService, sessions: sessionmaker[Session], clock: ManualClock
) -> None:
    with sessions.begin() as session:
        records.add_visit(
            session,
            visit_id=VISIT,
            customer_id=None,
            outcome=VisitOutcome.GRANTED,
            age=None,
            decided_at=clock.now(),
            final=False,
        )
    door.grant_entry(VISIT)
    door.on_door_opened(DoorOpened("door", 0.0))
    clock.advance(3)
    clock.set_wall_time(clock.now() - timedelta(minutes=2))  # an NTP correction
    door.on_door_closed(DoorClosed("door", 0.0))
    with sessions() as session:
        sent = session.scalars(select(OutboxEntry)).one()
    visit = Visit.model_validate(sent.payload)  # the stricter wire takes it
    assert visit.door_opened_at is not None
    assert visit.door_closed_at == visit.door_opened_at


def test_an_unused_grant_relocks_at_the_deadline_and_is_queued(
    door: DoorService, lock: FakeLock, sessions: sessionmaker[Session], clock: ManualClock
) -> None:
    with sessions.begin() as session:
        records.add_visit(
            session,
            visit_id=VISIT,
            customer_id=None,
            outcome=VisitOutcome.GRANTED,
            age=None,
            decided_at=clock.now(),
            final=False,
        )
    door.grant_entry(VISIT)
    while (deadline := door.machine.next_deadline()) is not None:  # window, then grace
        clock.advance(deadline - clock.monotonic())
        door.tick()
    assert lock.calls == ["unlock", "lock"]
    assert outbox_kinds(sessions) == ["visit"]


def test_a_relay_that_fails_to_energise_raises_a_lock_fault(
    door: DoorService, lock: FakeLock, sessions: sessionmaker[Session]
) -> None:
    lock.broken = True
    door.remote_unlock(operator="owner", reason="delivery", window_s=5)
    assert lock.calls[-1] == "lock"
    [alert] = alerts(sessions)
    assert alert.category == "lock_fault"
    assert alert.severity == "critical"


def test_device_faults_are_told_apart_by_device(
    door: DoorService, sessions: sessionmaker[Session]
) -> None:
    door.on_device_fault(DeviceFault("thermometer fridge", "gone", 0.0))
    assert alerts(sessions) == []
    door.on_device_fault(DeviceFault("contact door", "cable cut", 0.0))
    assert door.state is DoorState.CONTACT_FAULT
    door.on_device_fault(DeviceFault("lock door", "no read-back", 0.0))
    assert sorted(a.category for a in alerts(sessions)) == ["contact_tamper", "lock_fault"]


def test_held_open_chirps_then_sounds_then_goes_quiet(
    door: DoorService, buzzer: FakeBuzzer, clock: ManualClock, sessions: sessionmaker[Session]
) -> None:
    door.remote_unlock(operator="owner", reason="delivery", window_s=5)
    door.on_door_opened(DoorOpened("door", 0.0))
    clock.advance(20)
    door.tick()
    assert buzzer.calls[-1] == "beep3"
    clock.advance(20)
    door.tick()
    assert buzzer.calls[-1] == "on"
    [alert] = alerts(sessions)
    assert alert.severity == "critical"  # the same alert, escalated
    door.on_door_closed(DoorClosed("door", 0.0))
    assert buzzer.calls[-1] == "off"
    assert alerts(sessions)[0].cleared_at is not None
    assert outbox_kinds(sessions) == ["alert", "alert", "alert"]


def test_an_alarm_still_open_at_restart_is_taken_up_again(
    sessions: sessionmaker[Session], clock: ManualClock, lock: FakeLock
) -> None:
    first = DoorService(config=DoorConfig(), lock=lock, sessions=sessions, clock=clock)
    first.on_door_opened(DoorOpened("door", 0.0))
    clock.advance(2)
    first.tick()
    assert alerts(sessions)[0].category == "door_forced"

    async def restart() -> DoorService:
        second = DoorService(config=DoorConfig(), lock=lock, sessions=sessions, clock=clock)
        second.start(door_open=True)
        second.stop()
        return second

    second = asyncio.run(restart())
    assert AlarmKind.FORCED_OPEN in second._alerts
    assert lock.calls[-1] == "lock"


def test_a_restart_with_the_door_closed_keeps_a_forced_alarm_until_acknowledged(
    sessions: sessionmaker[Session], clock: ManualClock, lock: FakeLock
) -> None:
    first = DoorService(config=DoorConfig(), lock=lock, sessions=sessions, clock=clock)
    first.on_door_opened(DoorOpened("door", 0.0))
    clock.advance(2)
    first.tick()
    first.on_device_fault(DeviceFault("lock door", "no read-back", 0.0))

    async def restart() -> DoorService:
        second = DoorService(config=DoorConfig(), lock=lock, sessions=sessions, clock=clock)
        second.start(door_open=False)
        second.stop()
        return second

    second = asyncio.run(restart())
    cleared = {a.category: a.cleared_at is not None for a in alerts(sessions)}
    assert cleared == {"door_forced": False, "lock_fault": False}
    assert second.forced_latched
    assert second.acknowledge_forced()
    cleared = {a.category: a.cleared_at is not None for a in alerts(sessions)}
    assert cleared == {"door_forced": True, "lock_fault": False}
    assert outbox_kinds(sessions).count("alert") == 3  # forced, lock fault, forced cleared


def test_a_forced_door_latches_until_a_person_acknowledges_it(
    door: DoorService, sessions: sessionmaker[Session], clock: ManualClock
) -> None:
    """A break-in of ten seconds still shows after the door is shut again."""
    assert not door.acknowledge_forced()  # nothing to acknowledge
    door.on_door_opened(DoorOpened("door", clock.monotonic()))
    clock.advance(10)
    door.tick()
    assert door.state is DoorState.FORCED_OPEN
    assert not door.acknowledge_forced()  # not while it stands open
    door.on_door_closed(DoorClosed("door", clock.monotonic()))
    assert door.machine.state is DoorState.LOCKED
    (alert,) = alerts(sessions)
    assert alert.cleared_at is None
    assert door.forced_latched
    assert door.forced_at == datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert door.acknowledge_forced()
    (alert,) = alerts(sessions)
    assert alert.cleared_at is not None
    assert not door.forced_latched


def test_the_controller_refuses_leases_longer_than_the_lock_allows(tmp_path: Path) -> None:
    settings = ControllerSettings(
        data_dir=tmp_path,
        hardware=HardwareConfig(door_lock=LockConfig(unlock_s=5.0, max_unlock_s=5.0)),
        door=DoorConfig(max_energise_s=10.0),
    )
    controller = build_controller(settings)
    try:
        with pytest.raises(ValueError, match="max_energise_s"):
            create_app(controller)
    finally:
        controller.devices.close()
        controller.engine.dispose()


@pytest.mark.parametrize(
    ("wall", "granted"),
    [
        (datetime(1970, 1, 1, 0, 5, tzinfo=UTC), True),  # clock not synced: hours not applied
        (datetime(2026, 11, 28, 12, 0, tzinfo=UTC), False),  # a real time: closed all day
    ],
)
def test_a_wall_clock_before_the_floor_locks_nobody_out(
    door: DoorService,
    sessions: sessionmaker[Session],
    clock: ManualClock,
    lock: FakeLock,
    wall: datetime,
    granted: bool,
) -> None:
    clock.set_wall_time(wall)
    closed = AccessPolicy.model_validate({"hours": {day: [] for day in DAYS}})
    admission = Admission(
        door=door,
        sessions=sessions,
        clock=clock,
        policy=lambda: closed,
        hash_key=b"test-identity-hash-key-0123456789",
    )
    verdict = admission.admit("191212121212", "Tolvan Tolvansson")
    assert verdict.granted is granted
    assert (lock.calls == ["unlock"]) is granted
    assert [a.category for a in alerts(sessions)] == (["clock"] if granted else [])


def test_an_unreadable_number_is_refused(
    door: DoorService, sessions: sessionmaker[Session], clock: ManualClock
) -> None:
    admission = Admission(
        door=door,
        sessions=sessions,
        clock=clock,
        policy=AccessPolicy,
        hash_key=b"test-identity-hash-key-0123456789",
    )
    verdict = admission.admit("191212121213", "Someone")  # wrong check digit
    assert verdict.granted is False
    assert verdict.reason == "unreadable"


def test_a_forced_door_alert_says_when_in_the_stores_local_time(
    sessions: sessionmaker[Session], clock: ManualClock, lock: FakeLock
) -> None:
    """Not a monotonic reading ("opened at 5472.668"): the wall-clock time in Stockholm."""
    door = DoorService(config=DoorConfig(), lock=lock, sessions=sessions, clock=clock)
    door.on_door_opened(DoorOpened("door", clock.monotonic()))  # 12:00:00 UTC = 13:00 CET
    clock.advance(2)
    door.tick()
    (alert,) = alerts(sessions)
    assert "28 Nov 2026, 13:00:00 CET" in alert.message
    assert str(clock.monotonic() - 2) not in alert.message
    assert alert.details["began_local"] == {
        "sv": "28 nov. 2026 kl. 13:00:00 CET",
        "en": "28 Nov 2026, 13:00:00 CET",
    }
    assert alert.details["began_at"] == "2026-11-28T12:00:00+00:00"


def test_the_alert_time_follows_the_stores_time_zone(
    sessions: sessionmaker[Session], clock: ManualClock, lock: FakeLock
) -> None:
    door = DoorService(
        config=DoorConfig(),
        lock=lock,
        sessions=sessions,
        clock=clock,
        zone=lambda: AccessPolicy(timezone="Europe/Helsinki").zone,
    )
    door.on_door_opened(DoorOpened("door", clock.monotonic()))
    clock.advance(2)
    door.tick()
    assert "28 Nov 2026, 14:00:00 EET" in alerts(sessions)[0].message
