"""After a crash, `safe-off` drives every lock relay back to locked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from drivers.config import HardwareConfig, LockConfig
from drivers.gpio.safe_off import force_locks_safe


def leave_energised(factory: Any, pin: int, level: bool) -> None:
    """What a controller killed mid-unlock leaves behind: an output held at the 'on' level."""
    mock_pin = factory.pin(pin)
    mock_pin.function = "output"
    mock_pin.state = level


@pytest.mark.parametrize("active_high", [True, False])
def test_energised_relays_are_driven_off(mock_factory: Any, active_high: bool) -> None:
    config = HardwareConfig(
        door_lock=LockConfig(pin=17, active_high=active_high),
        cabinet_lock=LockConfig(pin=16, active_high=active_high),
    )
    for pin in (17, 16):
        leave_energised(mock_factory, pin, level=active_high)

    report = force_locks_safe(config, pin_factory=mock_factory)

    assert report == ["door lock on GPIO17: locked", "cabinet lock on GPIO16: locked"]
    for pin in (17, 16):
        assert bool(mock_factory.pin(pin).state) is (not active_high)


def test_the_command_reports_each_lock(tmp_path: Path) -> None:
    config = tmp_path / "controller.toml"
    config.write_text("[hardware.cabinet_lock]\npin = 16\n")
    result = subprocess.run(
        [sys.executable, "-m", "byabutik", "controller", "safe-off", "--config", str(config)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "door lock on GPIO17: locked",
        "cabinet lock on GPIO16: locked",
    ]
