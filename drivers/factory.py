"""The one place where configuration picks real adapters or simulated twins.

    devices = build_devices(settings.hardware, sink=events.put)
    devices.start()          # reader threads begin handing events to `sink`
    ...
    devices.close()          # locks engaged, threads joined, pins released

The controller never asks whether it runs on real hardware; it receives `Devices`.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Protocol, TypedDict, TypeVar

from drivers.config import (
    CameraScannerConfig,
    HardwareConfig,
    HidScannerConfig,
    LockConfig,
    ScannerConfig,
    SerialScannerConfig,
    ThermometerConfig,
)
from drivers.events import EventSink
from drivers.gpio.inputs import DoorContact, ExitButton
from drivers.gpio.lock import DoorLock
from drivers.gpio.pins import close_pin_factory, make_pin_factory
from drivers.gpio.signals import Buzzer, IndicatorLed
from drivers.ports import BarcodeScanner, Thermometer
from drivers.scanners.serial_scanner import SerialScanner
from drivers.scanners.simulated import SimulatedScanner
from drivers.thermometers.ds18b20 import Ds18b20
from drivers.thermometers.poller import ThermometerPoller
from drivers.thermometers.simulated import SimulatedThermometer
from drivers.timing import Clock, Scheduler, ThreadingScheduler, TimerThread


class _Gpio(TypedDict):
    pin_factory: Any
    scheduler: Scheduler
    sink: EventSink


@dataclass
class Devices:
    """Every device of the store, built and owned together. `close()` is idempotent."""

    config: HardwareConfig
    pin_factory: Any
    scheduler: Scheduler
    sink: EventSink
    door_lock: DoorLock
    cabinet_lock: DoorLock | None
    door_contact: DoorContact
    exit_button: ExitButton
    signals: dict[str, Buzzer | IndicatorLed]
    scanners: tuple[BarcodeScanner, ...]
    thermometers: tuple[Thermometer, ...]
    poller: ThermometerPoller
    _cleanup: ExitStack = field(default_factory=ExitStack, repr=False)

    def start(self) -> None:
        """Start every scanner's reader thread and the thermometer poller."""
        for scanner in self.scanners:
            scanner.start(self.sink)
            self._cleanup.callback(scanner.stop)
        self.poller.start()
        self._cleanup.callback(self.poller.stop)

    def engage_locks(self) -> None:
        """Drive every lock relay off (locked) at once; safe to call at any time, repeatedly."""
        self.door_lock.lock()
        if self.cabinet_lock is not None:
            self.cabinet_lock.lock()

    def close(self) -> None:
        """Engage the locks first, then stop threads and release every pin."""
        self.engage_locks()
        self._cleanup.close()

    def scanner(self, name: str) -> BarcodeScanner:
        return next(s for s in self.scanners if s.name == name)

    def __enter__(self) -> Devices:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def build_devices(
    config: HardwareConfig,
    *,
    sink: EventSink,
    scheduler: Scheduler | None = None,
    pin_factory: Any = None,
    clock: Clock = time.monotonic,
) -> Devices:
    """Build every configured device; on any failure, what was built is closed again.

    Without `pin_factory`, one is made from `config.pin_factory` and closed with the devices;
    without `scheduler`, timers run on threads (`ThreadingScheduler`), each lock's watchdog on a
    `TimerThread` of its own.
    """
    with ExitStack() as stack:
        if pin_factory is None:
            pin_factory = make_pin_factory(config.pin_factory)
            stack.callback(close_pin_factory, pin_factory)
        threads = scheduler is None
        if scheduler is None:
            scheduler = ThreadingScheduler()
            stack.callback(scheduler.close)
        gpio = _Gpio(pin_factory=pin_factory, scheduler=scheduler, sink=sink)

        def lock_gpio(name: str) -> _Gpio:
            """A lock's watchdog runs on a thread of its own (armed without starting one)."""
            if not threads:
                return gpio
            watchdog = TimerThread(f"lock {name} watchdog")
            stack.callback(watchdog.close)  # after the lock's own close (last in, first out)
            return _Gpio(pin_factory=pin_factory, scheduler=watchdog, sink=sink)

        door_lock = _owned(stack, build_lock("door", config.door_lock, **lock_gpio("door")))
        cabinet_lock = None
        if config.cabinet_lock is not None:
            cabinet = build_lock("cabinet", config.cabinet_lock, **lock_gpio("cabinet"))
            cabinet_lock = _owned(stack, cabinet)
        contact = _owned(stack, build_contact(config, **gpio))
        button = _owned(stack, build_exit_button(config, **gpio))
        signals = {s.name: _owned(stack, s) for s in build_signals(config, pin_factory)}
        scanners = tuple(build_scanner(c, clock=clock) for c in config.scanners)
        thermometers = tuple(build_thermometer(c) for c in config.thermometers)
        poller = ThermometerPoller(
            thermometers, interval_s=config.thermometer_interval_s, sink=sink, clock=clock
        )
        devices = Devices(
            config=config,
            pin_factory=pin_factory,
            scheduler=scheduler,
            sink=sink,
            door_lock=door_lock,
            cabinet_lock=cabinet_lock,
            door_contact=contact,
            exit_button=button,
            signals=signals,
            scanners=scanners,
            thermometers=thermometers,
            poller=poller,
        )
        devices._cleanup.push(stack.pop_all())
        return devices


def build_lock(
    name: str, config: LockConfig, *, pin_factory: Any, scheduler: Scheduler, sink: EventSink
) -> DoorLock:
    return DoorLock(
        name=name,
        pin=config.pin,
        active_high=config.active_high,
        max_unlock_s=config.max_unlock_s,
        pin_factory=pin_factory,
        scheduler=scheduler,
        sink=sink,
    )


def build_contact(
    config: HardwareConfig, *, pin_factory: Any, scheduler: Scheduler, sink: EventSink
) -> DoorContact:
    cfg = config.door_contact
    return DoorContact(
        name="door",
        pin=cfg.pin,
        settle_s=cfg.debounce_s,
        pin_factory=pin_factory,
        scheduler=scheduler,
        sink=sink,
    )


def build_exit_button(
    config: HardwareConfig, *, pin_factory: Any, scheduler: Scheduler, sink: EventSink
) -> ExitButton:
    cfg = config.exit_button
    return ExitButton(
        name="exit",
        pin=cfg.pin,
        settle_s=cfg.debounce_s,
        pin_factory=pin_factory,
        scheduler=scheduler,
        sink=sink,
    )


def build_signals(config: HardwareConfig, pin_factory: Any) -> list[Buzzer | IndicatorLed]:
    cfg = config.signals
    signals: list[Buzzer | IndicatorLed] = []
    if cfg.buzzer_pin is not None:
        signals.append(
            Buzzer(
                name="buzzer",
                pin=cfg.buzzer_pin,
                pin_factory=pin_factory,
                active_high=cfg.active_high,
            )
        )
    for name, pin in (("green", cfg.green_led_pin), ("red", cfg.red_led_pin)):
        if pin is not None:
            signals.append(
                IndicatorLed(
                    name=name, pin=pin, pin_factory=pin_factory, active_high=cfg.active_high
                )
            )
    return signals


def build_scanner(config: ScannerConfig, *, clock: Clock = time.monotonic) -> BarcodeScanner:
    """A scanner from its configuration; camera and HID packages load only when configured."""
    if isinstance(config, SerialScannerConfig):
        return SerialScanner(
            name=config.name,
            url=config.url,
            baudrate=config.baudrate,
            suffix=config.suffix,
            aim_prefix=config.symbology_prefix,
            clock=clock,
        )
    if isinstance(config, HidScannerConfig):
        from drivers.scanners.hid_scanner import HidScanner

        return HidScanner(name=config.name, device=config.device, clock=clock)
    if isinstance(config, CameraScannerConfig):
        from drivers.camera.scanner import build_camera_scanner

        return build_camera_scanner(config, clock=clock)
    return SimulatedScanner(name=config.name, clock=clock)


def build_thermometer(config: ThermometerConfig) -> Thermometer:
    if config.kind == "ds18b20":
        return Ds18b20(name=config.name, sensor_id=config.sensor_id, base_path=config.base_path)
    return SimulatedThermometer(name=config.name, celsius=config.celsius)


class _Closeable(Protocol):
    def close(self) -> None: ...


_Device = TypeVar("_Device", bound=_Closeable)


def _owned(stack: ExitStack, device: _Device) -> _Device:
    """Have `stack` close `device`, and hand it back."""
    stack.callback(device.close)
    return device
