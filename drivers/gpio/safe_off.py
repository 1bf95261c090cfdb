"""Drive every configured lock relay to its locked (de-energised) level, then let go.

Run by systemd after the controller stops or crashes (`ExecStopPost=`): on a Raspberry Pi kernel a
released GPIO line keeps its last level, so a crash during an unlock window would otherwise leave
the strike energised until reboot.
"""

from __future__ import annotations

from typing import Any

from drivers.config import HardwareConfig, LockConfig
from drivers.gpio.lock import DoorLock
from drivers.gpio.pins import close_pin_factory, make_pin_factory
from drivers.timing import ThreadingScheduler


def locks_of(config: HardwareConfig) -> list[tuple[str, LockConfig]]:
    locks = [("door", config.door_lock)]
    if config.cabinet_lock is not None:
        locks.append(("cabinet", config.cabinet_lock))
    return locks


def force_locks_safe(config: HardwareConfig, *, pin_factory: Any = None) -> list[str]:
    """Lock every relay of `config` (a new `DoorLock` drives its pin off at construction).

    Returns a line per lock for the log. Pins are released afterwards; on a Pi with
    `dtparam=strict_gpiod` or an external pull resistor they then stay off.
    """
    owns_factory = pin_factory is None
    factory = make_pin_factory(config.pin_factory) if owns_factory else pin_factory
    scheduler = ThreadingScheduler()
    report = []
    try:
        for name, lock_config in locks_of(config):
            lock = DoorLock(
                name=name,
                pin=lock_config.pin,
                active_high=lock_config.active_high,
                max_unlock_s=lock_config.max_unlock_s,
                pin_factory=factory,
                scheduler=scheduler,
                sink=lambda _event: None,
            )
            try:
                state = "locked" if lock.is_locked else "NOT LOCKED"
                report.append(f"{name} lock on GPIO{lock_config.pin}: {state}")
            finally:
                lock.close()
    finally:
        scheduler.close()
        if owns_factory:
            close_pin_factory(factory)
    return report
