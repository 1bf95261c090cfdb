"""The drivers' exception tree; the controller translates these into `DeviceFault` events."""

from __future__ import annotations


class DriverError(Exception):
    """Base of every error a driver raises on purpose."""


class DeviceUnavailableError(DriverError):
    """The device cannot be opened (absent, unplugged, no permission, wrong platform)."""


class ThermometerError(DriverError):
    """A thermometer reading is missing, corrupt or implausible."""
