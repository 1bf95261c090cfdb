"""`DeviceMonitor`: device events in, alerts and the heartbeat's device status out.

Handlers run on the event loop (the bus's one consumer). An alert is raised once per episode and
cleared when the device is well again; episodes still open when the Pi restarted are found again
in the alert table, so they are cleared too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from drivers.events import DeviceFault, ScannerLost, ScannerRestored, TemperatureRead
from retail.wire import AlertCategory, DeviceHealth, Severity, Temperature
from store_controller.alerts import service as alerts
from store_controller.core.clock import Clock
from store_controller.db import tables
from store_controller.db.sessions import Sessions, engine_of
from store_controller.monitoring.config import MonitoringConfig


@dataclass
class _Thermometer:
    celsius: float | None = None
    out_of_range: int = 0
    error: str | None = None


class DeviceMonitor:
    def __init__(self, *, sessions: Sessions, clock: Clock, config: MonitoringConfig) -> None:
        self._sessions = sessions
        self._clock = clock
        self._config = config
        self._thermometers: dict[str, _Thermometer] = {}
        self._scanners_lost: dict[str, tuple[float, str]] = {}
        self._open: dict[tuple[AlertCategory, str], str] = self._open_alerts()

    # -- events -------------------------------------------------------------------------------

    def on_temperature(self, event: TemperatureRead) -> None:
        state = self._thermometers.setdefault(event.thermometer, _Thermometer())
        state.celsius, state.error = event.celsius, None
        limits = self._config.limits.get(event.thermometer)
        if limits is None or limits.allows(event.celsius):
            state.out_of_range = 0
            self._clear(AlertCategory.TEMPERATURE, event.thermometer)
            return
        state.out_of_range += 1
        if state.out_of_range >= self._config.readings_before_alert:
            self._raise(
                AlertCategory.TEMPERATURE,
                event.thermometer,
                Severity.CRITICAL,
                f"{event.thermometer} is at {event.celsius:.1f} °C, outside "
                f"{_range(limits.min_celsius, limits.max_celsius)}",
            )

    def on_device_fault(self, event: DeviceFault) -> None:
        kind, _, name = event.device.partition(" ")
        if kind == "thermometer":
            self._thermometers.setdefault(name, _Thermometer()).error = event.error[:200]

    def on_scanner_lost(self, event: ScannerLost) -> None:
        self._scanners_lost.setdefault(event.source, (event.at_monotonic, event.reason[:200]))

    def on_scanner_restored(self, event: ScannerRestored) -> None:
        self._scanners_lost.pop(event.source, None)
        self._clear(AlertCategory.SCANNER, event.source)

    def tick(self) -> None:
        """Raise the alert of a scanner away longer than the grace period (call every second)."""
        now = self._clock.monotonic()
        for source, (since, reason) in self._scanners_lost.items():
            if now - since >= self._config.scanner_grace_s:
                self._raise(
                    AlertCategory.SCANNER,
                    source,
                    Severity.WARNING,
                    f"scanner {source} has been unreachable for {now - since:.0f} s: {reason}",
                )

    # -- the heartbeat's view -----------------------------------------------------------------

    def temperatures(self) -> tuple[Temperature, ...]:
        return tuple(
            self._reading(name, state.celsius)
            for name, state in sorted(self._thermometers.items())
            if state.celsius is not None and state.error is None
        )

    def _reading(self, name: str, celsius: float) -> Temperature:
        """The reading with the thermometer's configured limits, as the heartbeat carries it."""
        limits = self._config.limits.get(name)
        low = None if limits is None else limits.min_celsius
        high = None if limits is None else limits.max_celsius
        return Temperature(
            sensor=name,
            centi_celsius=round(celsius * 100),
            min_centi=None if low is None else round(low * 100),
            max_centi=None if high is None else round(high * 100),
        )

    def devices(self) -> tuple[DeviceHealth, ...]:
        health = [
            DeviceHealth(device=name, ok=state.error is None, detail=state.error or "")
            for name, state in sorted(self._thermometers.items())
        ]
        health += [
            DeviceHealth(device=source, ok=False, detail=reason)
            for source, (_, reason) in sorted(self._scanners_lost.items())
        ]
        return tuple(health)

    # -- alerts -------------------------------------------------------------------------------

    def _raise(self, category: AlertCategory, device: str, severity: Severity, text: str) -> None:
        if (category, device) in self._open:
            return
        alert_id = str(uuid.uuid4())
        alerts.raise_alert(
            self._sessions,
            alert_id=alert_id,
            category=category,
            severity=severity,
            message=text,
            details={"device": device},
            at=self._clock.now(),
        )
        self._open[category, device] = alert_id

    def _clear(self, category: AlertCategory, device: str) -> None:
        if (alert_id := self._open.pop((category, device), None)) is not None:
            alerts.clear_alert(self._sessions, alert_id, at=self._clock.now())

    def _open_alerts(self) -> dict[tuple[AlertCategory, str], str]:
        categories = (AlertCategory.TEMPERATURE.value, AlertCategory.SCANNER.value)
        table = tables.alerts
        query = select(table.c.category, table.c.details, table.c.id).where(
            table.c.category.in_(categories), table.c.cleared_at.is_(None)
        )
        with engine_of(self._sessions).connect() as connection:
            return {
                (AlertCategory(category), str(details.get("device", ""))): alert_id
                for category, details, alert_id in connection.execute(query)
            }


def _range(low: float | None, high: float | None) -> str:
    if low is None:
        return f"at most {high} °C"
    if high is None:
        return f"at least {low} °C"
    return f"{low}..{high} °C"
