"""A warm freezer or a dead scanner reaches the volunteers once, and clears when it is well."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from drivers.events import DeviceFault, ScannerLost, ScannerRestored, TemperatureRead
from retail.wire import DeviceHealth, Temperature
from store_controller.alerts.models import AlertRecord
from store_controller.bootstrap import open_database
from store_controller.core.clock import ManualClock
from store_controller.monitoring.config import MonitoringConfig, TemperatureLimits
from store_controller.monitoring.monitor import DeviceMonitor
from store_controller.outbox.models import OutboxEntry
from store_controller.settings import ControllerSettings

CONFIG = MonitoringConfig(
    limits={"freezer": TemperatureLimits(max_celsius=-15.0)},
    readings_before_alert=2,
    scanner_grace_s=30.0,
)


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = open_database(ControllerSettings(data_dir=tmp_path))
    yield sessionmaker(engine)
    engine.dispose()


def monitor_for(sessions: sessionmaker[Session], clock: ManualClock) -> DeviceMonitor:
    return DeviceMonitor(sessions=sessions, clock=clock, config=CONFIG)


def alerts(sessions: sessionmaker[Session]) -> list[AlertRecord]:
    with sessions() as session:
        return list(session.scalars(select(AlertRecord).order_by(AlertRecord.raised_at)))


def outbox(sessions: sessionmaker[Session]) -> list[dict[str, object]]:
    with sessions() as session:
        return [row.payload for row in session.scalars(select(OutboxEntry))]


def test_a_warm_freezer_alerts_once_after_two_readings_and_clears(
    sessions: sessionmaker[Session],
) -> None:
    clock = ManualClock()
    monitor = monitor_for(sessions, clock)
    monitor.on_temperature(TemperatureRead("freezer", -12.0, clock.monotonic()))
    assert alerts(sessions) == []  # one reading could be the door just opened
    for _ in range(3):
        monitor.on_temperature(TemperatureRead("freezer", -11.5, clock.monotonic()))
    [alert] = alerts(sessions)
    assert (alert.category, alert.severity, alert.cleared_at) == ("temperature", "critical", None)
    assert "freezer is at -11.5 °C" in alert.message

    clock.advance(60)
    monitor.on_temperature(TemperatureRead("freezer", -18.0, clock.monotonic()))
    [alert] = alerts(sessions)
    assert alert.cleared_at == clock.now()
    assert [(m["kind"], m["cleared"]) for m in outbox(sessions)] == [
        ("alert", False),
        ("alert", True),
    ]


def test_a_thermometer_without_limits_only_reports(sessions: sessionmaker[Session]) -> None:
    clock = ManualClock()
    monitor = monitor_for(sessions, clock)
    monitor.on_temperature(TemperatureRead("fridge", 30.0, clock.monotonic()))
    monitor.on_temperature(TemperatureRead("fridge", 30.0, clock.monotonic()))
    assert alerts(sessions) == []
    assert monitor.temperatures() == (Temperature(sensor="fridge", centi_celsius=3000),)


def test_a_failing_thermometer_is_reported_unhealthy(sessions: sessionmaker[Session]) -> None:
    clock = ManualClock()
    monitor = monitor_for(sessions, clock)
    monitor.on_temperature(TemperatureRead("freezer", -20.0, clock.monotonic()))
    monitor.on_device_fault(DeviceFault("thermometer freezer", "CRC check failed", 0.0))
    assert monitor.devices() == (
        DeviceHealth(device="freezer", ok=False, detail="CRC check failed"),
    )
    assert monitor.temperatures() == ()  # no stale reading is passed off as current


def test_a_scanner_away_past_the_grace_period_alerts_and_clears(
    sessions: sessionmaker[Session],
) -> None:
    clock = ManualClock()
    monitor = monitor_for(sessions, clock)
    monitor.on_scanner_lost(ScannerLost("kiosk", "device unplugged", clock.monotonic()))
    clock.advance(29)
    monitor.tick()
    assert alerts(sessions) == []  # unplugged and plugged back in: no alarm
    clock.advance(2)
    monitor.tick()
    monitor.tick()
    [alert] = alerts(sessions)
    assert alert.category == "scanner"
    assert monitor.devices() == (DeviceHealth(device="kiosk", ok=False, detail="device unplugged"),)

    monitor.on_scanner_restored(ScannerRestored("kiosk", clock.monotonic()))
    assert alerts(sessions)[0].cleared_at is not None
    assert monitor.devices() == ()


def test_an_alert_open_at_restart_is_cleared_by_the_next_good_reading(
    sessions: sessionmaker[Session],
) -> None:
    clock = ManualClock()
    before = monitor_for(sessions, clock)
    for _ in range(2):
        before.on_temperature(TemperatureRead("freezer", -5.0, clock.monotonic()))
    after_restart = monitor_for(sessions, clock)
    after_restart.on_temperature(TemperatureRead("freezer", -19.0, clock.monotonic()))
    assert [a.cleared_at is not None for a in alerts(sessions)] == [True]


def test_limits_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="below"):
        TemperatureLimits(min_celsius=8, max_celsius=2)


def test_the_heartbeat_carries_each_thermometers_configured_limits(
    sessions: sessionmaker[Session],
) -> None:
    clock = ManualClock()
    monitor = monitor_for(sessions, clock)
    monitor.on_temperature(TemperatureRead("freezer", -18.5, clock.monotonic()))
    monitor.on_temperature(TemperatureRead("fridge", 4.0, clock.monotonic()))
    assert monitor.temperatures() == (
        Temperature(sensor="freezer", centi_celsius=-1850, max_centi=-1500),
        Temperature(sensor="fridge", centi_celsius=400),  # no limits configured: none sent
    )
