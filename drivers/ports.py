"""The ports: what the controller may ask of each kind of device.

Every port has a real adapter and a simulated twin; `drivers.factory.build_devices` picks one by
configuration. Shared rules for every implementation:

* Time is monotonic seconds (`time.monotonic`, or the injected clock); temperatures are degrees
  Celsius; durations are seconds as `float`.
* Events go only to the `EventSink` given by the consumer, from whatever thread observed them
  (GPIO callback thread, reader thread, timer thread). Implementations never block the sink's
  caller on I/O and never raise out of a callback: failures become `DeviceFault` / `ScannerLost`.
* `close()` is idempotent, joins every thread the device started, and leaves the hardware in its
  safe state (locks engaged, outputs off).
"""

from __future__ import annotations

from typing import Protocol

from drivers.events import EventSink


class Lock(Protocol):
    """An electric lock behind a relay; fail-secure: relay off = locked.

    `unlock(window_s)` energises the relay for at most `min(window_s, max_unlock_s)` seconds and
    returns the window actually granted; a watchdog timer inside the driver engages the lock when
    the window ends, whether or not anyone calls `lock()`. A new `unlock` replaces the window.
    `lock()` engages at once. Both are thread-safe and emit `LockReleased` / `LockEngaged`.
    The lock is engaged at construction, on `close()`, on interpreter exit and (once
    `drivers.gpio.failsafe.install_sigterm_handler` ran) on SIGTERM.
    """

    name: str

    @property
    def is_locked(self) -> bool: ...

    def unlock(self, window_s: float) -> float: ...

    def lock(self) -> None: ...

    def close(self) -> None: ...


class Contact(Protocol):
    """A door contact: `is_closed` is the debounced state; edges become DoorOpened / DoorClosed.

    Wiring is tamper-evident: a cut cable or a missing magnet reads as open.
    """

    name: str

    @property
    def is_closed(self) -> bool: ...

    def close(self) -> None: ...


class PushButton(Protocol):
    """A momentary button (request-to-exit); a debounced press emits `ExitRequested`."""

    name: str

    @property
    def is_pressed(self) -> bool: ...

    def close(self) -> None: ...


class Signal(Protocol):
    """A buzzer or an indicator LED. `beep` runs in the background and returns at once."""

    name: str

    @property
    def is_on(self) -> bool: ...

    def on(self) -> None: ...

    def off(self) -> None: ...

    def beep(self, n: int = 1, on_s: float = 0.1, off_s: float = 0.1) -> None: ...

    def close(self) -> None: ...


class BarcodeScanner(Protocol):
    """A source of `BarcodeScanned` events (serial, HID wedge, camera, simulated).

    `start(sink)` starts one reader thread and returns at once; the thread survives unplugs and
    other I/O errors, reports them once as `ScannerLost`, retries with exponential back-off and
    reports `ScannerRestored` when it reads again. `stop()` ends and joins the thread within about
    a second. `probe()` opens the device once, closes it, and returns a one-line state or raises
    `DriverError`; it is for diagnostics and must not be called while started.
    """

    name: str

    def start(self, sink: EventSink) -> None: ...

    def stop(self) -> None: ...

    def probe(self) -> str: ...


class Thermometer(Protocol):
    """A temperature sensor. `read_celsius()` blocks for at most about a second (a DS18B20
    conversion takes 750 ms) and raises `ThermometerError` instead of returning a bad value."""

    name: str

    def read_celsius(self) -> float: ...
