"""DS18B20 over 1-wire, read through the kernel's w1_therm sysfs files."""

from __future__ import annotations

from pathlib import Path

from drivers.errors import ThermometerError

DEFAULT_BASE_PATH = Path("/sys/bus/w1/devices")
POWER_ON_RESET_MILLI = 85000  # the sensor's register before its first conversion
MIN_C, MAX_C = -55.0, 125.0  # the sensor's range


def parse_w1_slave(text: str) -> float:
    """Degrees Celsius from a `w1_slave` file: line 1 ends with the CRC verdict, line 2 with t=.

    >>> parse_w1_slave("72 01 4b : crc=57 YES\\n72 01 4b t=23125\\n")
    23.125
    """
    lines = text.strip().splitlines()
    if len(lines) < 2:
        raise ThermometerError(f"truncated reading: {text!r}")
    if not lines[0].rstrip().endswith("YES"):
        raise ThermometerError("CRC check failed")
    _, sep, value = lines[1].rpartition("t=")
    if not sep:
        raise ThermometerError(f"no temperature in {lines[1]!r}")
    try:
        milli = int(value.strip())
    except ValueError as exc:
        raise ThermometerError(f"bad temperature {value!r}") from exc
    if milli == POWER_ON_RESET_MILLI:
        raise ThermometerError("power-on reset value 85 °C (sensor not converted or brown-out)")
    celsius = milli / 1000
    if not MIN_C <= celsius <= MAX_C:
        raise ThermometerError(f"{celsius} °C is outside the sensor's range")
    return celsius


class Ds18b20:
    """One sensor `28-xxxxxxxxxxxx`; a read triggers a ~750 ms conversion. `ports.Thermometer`."""

    def __init__(self, *, name: str, sensor_id: str, base_path: Path = DEFAULT_BASE_PATH) -> None:
        self.name = name
        self.sensor_id = sensor_id
        self.path = base_path / sensor_id / "w1_slave"

    def read_celsius(self) -> float:
        try:
            text = self.path.read_text(encoding="ascii", errors="replace")
        except OSError as exc:
            raise ThermometerError(f"cannot read {self.path}: {exc.strerror or exc}") from exc
        return parse_w1_slave(text)


def discover(base_path: Path = DEFAULT_BASE_PATH) -> list[str]:
    """Sensor ids of every DS18B20 the kernel sees (family code 28)."""
    return sorted(p.name for p in base_path.glob("28-*"))
