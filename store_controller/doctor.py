"""`byabutik controller doctor`: open every configured device once and report its state (after
the files and settings that guard personal data: `store_controller.doctor_privacy`).

Each device is opened on its own, so one broken device does not hide the others. Locks are built
locked (relay off) and closed again; nothing is unlocked. Timers use a manual scheduler, so the
doctor starts no threads besides what a scanner probe needs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from drivers.config import HardwareConfig, LockConfig, ScannerConfig, ThermometerConfig
from drivers.errors import DriverError
from drivers.events import discard
from drivers.factory import (
    build_contact,
    build_exit_button,
    build_lock,
    build_scanner,
    build_signals,
    build_thermometer,
)
from drivers.gpio.pins import close_pin_factory, make_pin_factory
from drivers.timing import ManualScheduler


@dataclass(frozen=True)
class Check:
    device: str
    """What was checked: a device, a file or a setting."""
    ok: bool
    detail: str
    warning: bool = False
    """A finding that is shown but does not fail the doctor (file modes on a dev machine)."""

    @property
    def failed(self) -> bool:
        return not self.ok and not self.warning


def check_hardware(config: HardwareConfig) -> list[Check]:
    """One check per configured device, in the order of the configuration."""
    checks: list[Check] = []
    try:
        pin_factory = make_pin_factory(config.pin_factory)
    except Exception as exc:
        checks.append(Check(f"pin factory {config.pin_factory}", False, _reason(exc)))
        checks += [Check(use, False, f"not checked, GPIO{pin}") for use, pin in config.gpio_pins()]
    else:
        checks.append(Check(f"pin factory {config.pin_factory}", True, type(pin_factory).__name__))
        try:
            checks += _check_gpio(config, pin_factory)
        finally:
            close_pin_factory(pin_factory)
    for scanner in config.scanners:
        name = f"scanner {scanner.name} ({scanner.kind})"
        checks.append(_check(name, partial(_probe_scanner, scanner)))
    for thermometer in config.thermometers:
        name = f"thermometer {thermometer.name} ({thermometer.kind})"
        checks.append(_check(name, partial(_read_thermometer, thermometer)))
    return checks


def _probe_scanner(config: ScannerConfig) -> str:
    return build_scanner(config).probe()


def _read_thermometer(config: ThermometerConfig) -> str:
    return f"{build_thermometer(config).read_celsius():.1f} °C"


def _check_gpio(config: HardwareConfig, pin_factory: Any) -> list[Check]:
    scheduler = ManualScheduler()
    gpio: dict[str, Any] = {"pin_factory": pin_factory, "scheduler": scheduler, "sink": discard}
    locks = [("door", config.door_lock), ("cabinet", config.cabinet_lock)]

    def lock_state(name: str, lock_config: LockConfig) -> str:
        lock = build_lock(name, lock_config, **gpio)
        try:
            polarity = "active-high" if lock_config.active_high else "active-low"
            state = "locked (relay off)" if lock.is_locked else "UNLOCKED"
            return f"{state}, GPIO{lock_config.pin} {polarity}, max {lock_config.max_unlock_s} s"
        finally:
            lock.close()

    def contact_state() -> str:
        contact = build_contact(config, **gpio)
        try:
            state = "closed" if contact.is_closed else "open (or cable cut)"
            return f"{state}, GPIO{config.door_contact.pin}"
        finally:
            contact.close()

    def button_state() -> str:
        button = build_exit_button(config, **gpio)
        try:
            return f"{'pressed' if button.is_pressed else 'released'}, GPIO{config.exit_button.pin}"
        finally:
            button.close()

    def signals_state() -> str:
        signals = build_signals(config, pin_factory)
        try:
            return ", ".join(f"{s.name} off" for s in signals) or "none configured"
        finally:
            for signal in signals:
                signal.close()

    checks = [_check(f"{name} lock", partial(lock_state, name, cfg)) for name, cfg in locks if cfg]
    checks.append(_check("door contact", contact_state))
    checks.append(_check("exit button", button_state))
    checks.append(_check("buzzer and LEDs", signals_state))
    scheduler.close()
    return checks


def _check(device: str, probe: Callable[[], str]) -> Check:
    try:
        return Check(device, True, probe())
    except Exception as exc:  # a doctor reports every failure instead of stopping at one
        return Check(device, False, _reason(exc))


def _reason(exc: Exception) -> str:
    kind = "" if isinstance(exc, DriverError) else f"{type(exc).__name__}: "
    return f"{kind}{exc}"


def format_checks(checks: list[Check]) -> str:
    width = max(len(c.device) for c in checks)
    lines = [f"{_status(c)}  {c.device:<{width}}  {c.detail}" for c in checks]
    failed = sum(c.failed for c in checks)
    warned = sum(not c.ok and c.warning for c in checks)
    lines.append(
        f"{len(checks)} check(s), {failed} failed" + (f", {warned} warned" if warned else "")
    )
    return "\n".join(lines)


def _status(check: Check) -> str:
    if check.ok:
        return "ok  "
    return "warn" if check.warning else "FAIL"


def run_doctor(
    config: HardwareConfig, *, echo: Callable[[str], None], before: Sequence[Check] = ()
) -> int:
    """Print the report (`before`: the checks of files and settings, then one per device); the
    exit code is 1 when any check failed."""
    checks = [*before, *check_hardware(config)]
    echo(format_checks(checks))
    return 1 if any(c.failed for c in checks) else 0
