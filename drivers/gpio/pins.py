"""Pin factories by name. The process-wide `Device.pin_factory` is never set."""

from __future__ import annotations

from typing import Any, Literal

PinFactoryKind = Literal["mock", "lgpio", "default"]


def make_pin_factory(kind: PinFactoryKind) -> Any:
    """A new gpiozero pin factory: gpiozero's `MockFactory`, lgpio (Pi 5) or gpiozero's choice."""
    if kind == "mock":
        from gpiozero.pins.mock import MockFactory

        return MockFactory()
    if kind == "lgpio":
        from gpiozero.pins.lgpio import LGPIOFactory

        return LGPIOFactory()
    from gpiozero import Device

    # gpiozero's own search order, without storing the result in the global Device.pin_factory.
    return Device._default_pin_factory()


def close_pin_factory(factory: Any) -> None:
    """Release every pin; for MockFactory also forget reservations (gpiozero issue #1087)."""
    reset = getattr(factory, "reset", None)
    if callable(reset):
        reset()
    factory.close()
