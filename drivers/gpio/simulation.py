"""Hands on the simulated store's wiring: drive the mock input pins, read the mock relay.

Only for a `MockFactory` (config `pin_factory = "mock"`); the demo and tests use it to open the
door, press the exit button and see whether the strike is energised.
"""

from __future__ import annotations

from typing import Any

from drivers.config import HardwareConfig, LockConfig


class SimulatedWiring:
    def __init__(self, config: HardwareConfig, pin_factory: Any) -> None:
        if not hasattr(pin_factory, "reset") or not hasattr(pin_factory.pin(0), "drive_low"):
            raise TypeError("SimulatedWiring needs gpiozero's MockFactory")
        self._config = config
        self._pins = pin_factory

    def open_door(self) -> None:
        """The magnet leaves the reed contact: the pull-up reads HIGH."""
        self._pins.pin(self._config.door_contact.pin).drive_high()

    def close_door(self) -> None:
        self._pins.pin(self._config.door_contact.pin).drive_low()

    def press_exit(self) -> None:
        self._pins.pin(self._config.exit_button.pin).drive_low()

    def release_exit(self) -> None:
        self._pins.pin(self._config.exit_button.pin).drive_high()

    def strike_energised(self, lock: str = "door") -> bool:
        """True when the relay of `lock` ("door" or "cabinet") is driven on (= unlocked)."""
        config: LockConfig | None = (
            self._config.door_lock if lock == "door" else self._config.cabinet_lock
        )
        if config is None:
            raise KeyError(lock)
        level = bool(self._pins.pin(config.pin).state)
        return level is config.active_high
