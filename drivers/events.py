"""Events the drivers hand to the controller: immutable, past tense, stamped with monotonic time.

Hardware callbacks and reader threads never touch application state; they build one of these and
pass it to the consumer's `EventSink`, which must be thread-safe (typically `queue.Queue.put`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from drivers.symbology import Symbology


@dataclass(frozen=True, slots=True)
class DoorOpened:
    contact: str
    at_monotonic: float


@dataclass(frozen=True, slots=True)
class DoorClosed:
    contact: str
    at_monotonic: float


@dataclass(frozen=True, slots=True)
class ExitRequested:
    button: str
    at_monotonic: float


@dataclass(frozen=True, slots=True)
class LockReleased:
    """The relay was energised: the lock is open for at most `window_s` seconds."""

    lock: str
    window_s: float
    at_monotonic: float


@dataclass(frozen=True, slots=True)
class LockEngaged:
    """The relay was de-energised; `reason` is "command", "watchdog" or "close"."""

    lock: str
    reason: str
    at_monotonic: float


@dataclass(frozen=True, slots=True)
class BarcodeScanned:
    text: str
    symbology: Symbology
    source: str
    at_monotonic: float


@dataclass(frozen=True, slots=True)
class ScannerLost:
    source: str
    reason: str
    at_monotonic: float


@dataclass(frozen=True, slots=True)
class ScannerRestored:
    source: str
    at_monotonic: float


@dataclass(frozen=True, slots=True)
class TemperatureRead:
    thermometer: str
    celsius: float
    at_monotonic: float


@dataclass(frozen=True, slots=True)
class DeviceFault:
    device: str
    error: str
    at_monotonic: float


Event = (
    DoorOpened
    | DoorClosed
    | ExitRequested
    | LockReleased
    | LockEngaged
    | BarcodeScanned
    | ScannerLost
    | ScannerRestored
    | TemperatureRead
    | DeviceFault
)
EventSink = Callable[[Event], None]


def discard(event: Event) -> None:
    """A sink that drops every event (for tools such as `doctor` that only look at state)."""
