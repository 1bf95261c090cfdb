"""A pin factory loads gpiozero on the standard library's importlib.metadata (not the PyPI
backport, ~0.5 MB at idle on a Pi, issue 23), and the receipt printer can still import the
backport afterwards."""

from __future__ import annotations

import subprocess
import sys

LOADS = """
import sys
from drivers.gpio.pins import close_pin_factory, make_pin_factory

finders = list(sys.meta_path)
factory = make_pin_factory("mock")
from gpiozero import OutputDevice

strike = OutputDevice(17, pin_factory=factory)
strike.on()
print(strike.value, "importlib_metadata" in sys.modules, sys.meta_path == finders)
import importlib_metadata  # what python-escpos and segno import

print(importlib_metadata.version("gpiozero") != "")
close_pin_factory(factory)
"""


def test_gpiozero_loads_without_the_backports_which_still_import_later() -> None:
    out = subprocess.run(
        [sys.executable, "-c", LOADS], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["1", "False", "True", "True"]
