"""Pin factories by name. The process-wide `Device.pin_factory` is never set."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any, Literal

PinFactoryKind = Literal["mock", "lgpio", "default"]

# gpiozero 2 imports these PyPI backports when they are installed (they are: python-escpos and
# segno need them) and the standard library's modules otherwise; on Python 3.10+ those have the
# same API, and pydantic has already loaded `importlib.metadata`. The backports for gpiozero alone
# cost an idle controller ~0.5 MB resident (issue 23).
BACKPORTS = ("importlib_metadata", "importlib_resources")


class _NoBackports:
    """A `sys.meta_path` finder that answers ModuleNotFoundError for the backports."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname in BACKPORTS:
            raise ModuleNotFoundError(f"{fullname} is not used by gpiozero here", name=fullname)
        return None


@contextmanager
def _standard_library_metadata() -> Iterator[None]:
    """gpiozero's modules import with the standard library's metadata and resources. Only while
    gpiozero loads (at start, before any device thread); a later import of a backport (the
    receipt printer's) finds it as usual."""
    finder = _NoBackports()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def make_pin_factory(kind: PinFactoryKind) -> Any:
    """A new gpiozero pin factory: gpiozero's `MockFactory`, lgpio (Pi 5) or gpiozero's choice."""
    with _standard_library_metadata():
        if kind == "mock":
            from gpiozero.pins.mock import MockFactory

            return MockFactory()
        if kind == "lgpio":
            from gpiozero.pins.lgpio import LGPIOFactory

            return LGPIOFactory()
        from gpiozero import Device

        # gpiozero's own search order, without storing the result in the global
        # Device.pin_factory (its entry points, read with the standard library's metadata).
        return Device._default_pin_factory()


def close_pin_factory(factory: Any) -> None:
    """Release every pin; for MockFactory also forget reservations (gpiozero issue #1087)."""
    reset = getattr(factory, "reset", None)
    if callable(reset):
        reset()
    factory.close()
