"""The door on MockFactory pins with a manual clock: alarms, commands, audits, the phone page."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bankid_rp.simulator.embedded import EmbeddedSimulator
from retail import wire
from store_controller.core.clock import ManualClock
from store_controller.entry.models import DoorAuditRecord
from store_controller.entry.web import phone_topic
from tests.store_controller.entry.harness import (
    ADULT,
    DoorStore,
    LiveReader,
    running_store,
    settings_for,
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def store(tmp_path: Path, bankid: EmbeddedSimulator, clock: ManualClock) -> Iterator[DoorStore]:
    with running_store(settings_for(tmp_path, bankid), bankid, clock=clock) as store:
        yield store


def command(body: wire.RemoteUnlock | wire.LockDown) -> wire.Command:
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    return wire.Command(
        command_id=uuid.uuid4(),
        issued_at=now,
        expires_at=now + timedelta(minutes=5),
        issued_by="owner@example.org",
        body=body,
    )


def test_opening_without_a_grant_raises_the_forced_open_alarm(
    store: DoorStore, clock: ManualClock
) -> None:
    store.screen.wait_for(lambda d: d["door"]["state"] == "locked")
    store.wiring.open_door()
    store.sim.wait_for(lambda d: d["door_open"] is True)
    clock.advance(2.0)  # past forced_grace_s
    store.door.service.wake()
    store.screen.wait_for(lambda d: d["door"]["state"] == "forced_open")
    [alert] = store.alerts()
    assert alert.category == "door_forced"
    assert alert.severity == "critical"
    [sent] = store.outbox("alert")
    assert sent["category"] == "door_forced"
    assert sent["cleared"] is False
    assert store.wiring.strike_energised() is False


def test_leaving_with_the_exit_button_is_no_alarm(store: DoorStore, clock: ManualClock) -> None:
    assert store.http.post("/sim/door/exit").status_code == 204
    store.wiring.open_door()
    store.sim.wait_for(lambda d: d["door_open"] is True)
    clock.advance(5.0)
    store.door.service.wake()
    store.wiring.close_door()
    store.sim.wait_for(lambda d: d["door_open"] is False)
    assert store.alerts() == []


def test_held_open_alarm_is_raised_and_cleared(store: DoorStore, clock: ManualClock) -> None:
    assert store.login(ADULT)["phase"] == "granted"
    store.wiring.open_door()
    store.screen.wait_for(lambda d: d["door"]["state"] == "open")
    clock.advance(21.0)
    store.door.service.wake()
    store.screen.wait_for(lambda d: d["door"]["state"] == "held_open")
    store.wiring.close_door()
    store.screen.wait_for(lambda d: d["door"]["state"] == "locked")
    [alert] = store.alerts()
    assert alert.category == "door_held_open"
    assert alert.cleared_at is not None
    assert [a["cleared"] for a in store.outbox("alert")] == [False, True]


def test_remote_unlock_command_energises_and_is_audited(
    store: DoorStore, clock: ManualClock
) -> None:
    outcome = store.run(store.door.commands.handle(command(wire.RemoteUnlock(seconds=5))))
    assert outcome.status is wire.CommandStatus.DONE
    store.relay(energised=True)
    clock.advance(5.0)
    store.door.service.wake()
    store.relay(energised=False)
    [audit] = store.rows(DoorAuditRecord)
    assert audit.action == "remote_unlock"
    assert audit.operator == "owner@example.org"


def test_lockdown_refuses_entry_and_remote_unlock(store: DoorStore) -> None:
    store.run(store.door.commands.handle(command(wire.LockDown(on=True))))
    store.screen.wait_for(lambda d: d["door"]["state"] == "lockdown")
    assert store.door.commands.lock_down() is True
    assert store.door.commands.door() is wire.DoorState.LOCKED
    result = store.login(ADULT)
    assert result["phase"] == "refused"
    assert store.visits()[0].outcome == "lock_down"
    outcome = store.run(store.door.commands.handle(command(wire.RemoteUnlock(seconds=5))))
    assert outcome.status is wire.CommandStatus.REJECTED
    assert store.wiring.strike_energised() is False
    store.run(store.door.commands.handle(command(wire.LockDown(on=False))))
    store.screen.wait_for(lambda d: d["door"]["state"] == "locked")
    actions = [a.action for a in store.rows(DoorAuditRecord)]
    assert actions == ["lockdown_started", "remote_unlock_refused", "lockdown_ended"]


def test_a_phone_logs_in_on_the_same_device(store: DoorStore) -> None:
    assert "Öppna BankID" in store.http.get("/door/phone").text
    answer = store.http.post("/door/phone/login")
    assert answer.status_code == 200
    key = answer.json()["key"]
    phone = LiveReader(f"{store.base_url}/door/phone/{key}/events")
    try:
        shown = phone.wait_for(lambda d: d["phase"] == "pending")
        assert shown["autostart_url"].startswith("bankid:///?autostarttoken=")
        assert shown["autostart_url"].endswith("&redirect=null")
        assert shown["qr_svg"] is None
        order = store.phone("/phone/api/autostart", {"autoStartToken": shown["auto_start_token"]})
        store.phone(f"/phone/api/orders/{order['orderRef']}/approve", {"personalNumber": ADULT})
        result = phone.wait_for(lambda d: d["phase"] == "granted")
        assert result["message"]["en"] == "Welcome!"
    finally:
        phone.close()
    store.relay(energised=True)
    store.http.post(f"/door/phone/{key}/cancel")  # the phone leaves the page
    assert store.controller.live.latest(phone_topic(key)) is None
