"""`Buzzer` and `IndicatorLed`: digital outputs with background beep/blink patterns."""

from __future__ import annotations

from typing import Any


class _Output:
    def __init__(self, device: Any, name: str) -> None:
        self.name = name
        self._device = device

    @property
    def is_on(self) -> bool:
        return bool(self._device.is_active)

    def on(self) -> None:
        self._device.on()

    def off(self) -> None:
        self._device.off()

    def beep(self, n: int = 1, on_s: float = 0.1, off_s: float = 0.1) -> None:
        """On `n` times for `on_s` seconds with `off_s` gaps, in gpiozero's background thread."""
        self._device.blink(on_time=on_s, off_time=off_s, n=n, background=True)

    def close(self) -> None:
        self._device.close()


class Buzzer(_Output):
    """An active (self-oscillating) buzzer; implements `ports.Signal`."""

    def __init__(self, *, name: str, pin: int, pin_factory: Any, active_high: bool = True) -> None:
        from gpiozero import DigitalOutputDevice

        super().__init__(
            DigitalOutputDevice(
                pin, active_high=active_high, initial_value=False, pin_factory=pin_factory
            ),
            name,
        )


class IndicatorLed(_Output):
    """An indicator LED (e.g. green = come in, red = locked down); implements `ports.Signal`."""

    def __init__(self, *, name: str, pin: int, pin_factory: Any, active_high: bool = True) -> None:
        from gpiozero import LED

        super().__init__(
            LED(pin, active_high=active_high, initial_value=False, pin_factory=pin_factory), name
        )
