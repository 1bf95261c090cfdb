"""Fixtures for driver tests: gpiozero's own MockFactory and a fake clock with timers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from drivers.events import Event
from drivers.gpio.pins import close_pin_factory, make_pin_factory
from drivers.timing import ManualScheduler


@pytest.fixture
def mock_factory() -> Iterator[Any]:
    factory = make_pin_factory("mock")
    try:
        yield factory
    finally:
        close_pin_factory(factory)


@pytest.fixture
def scheduler() -> Iterator[ManualScheduler]:
    fake = ManualScheduler()
    yield fake
    fake.close()


@pytest.fixture
def events() -> list[Event]:
    return []
