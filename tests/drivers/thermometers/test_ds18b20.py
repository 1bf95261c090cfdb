from __future__ import annotations

from pathlib import Path

import pytest

from drivers.errors import ThermometerError
from drivers.thermometers.ds18b20 import Ds18b20, discover, parse_w1_slave

GOOD = "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n"


def write_sensor(base: Path, sensor_id: str, text: str) -> None:
    (base / sensor_id).mkdir(parents=True, exist_ok=True)
    (base / sensor_id / "w1_slave").write_text(text)


def test_parses_a_good_reading() -> None:
    assert parse_w1_slave(GOOD) == 23.125


def test_negative_temperatures() -> None:
    assert parse_w1_slave("xx : crc=aa YES\nxx t=-18250\n") == -18.25


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("72 01 : crc=57 NO\n72 01 t=23125\n", "CRC"),
        ("72 01 : crc=57 YES\n", "truncated"),
        ("", "truncated"),
        ("72 01 : crc=57 YES\n72 01 4b\n", "no temperature"),
        ("72 01 : crc=57 YES\n72 01 t=abc\n", "bad temperature"),
        ("50 05 : crc=57 YES\n50 05 t=85000\n", "power-on reset"),
        ("ff ff : crc=57 YES\nff ff t=127937\n", "outside the sensor's range"),
    ],
)
def test_bad_readings_raise(text: str, message: str) -> None:
    with pytest.raises(ThermometerError, match=message):
        parse_w1_slave(text)


def test_reads_through_a_fake_sysfs_tree(tmp_path: Path) -> None:
    write_sensor(tmp_path, "28-0316a2791aff", GOOD)
    write_sensor(tmp_path, "28-00000a1b2c3d", GOOD.replace("t=23125", "t=4062"))
    (tmp_path / "w1_bus_master1").mkdir()
    assert discover(tmp_path) == ["28-00000a1b2c3d", "28-0316a2791aff"]
    fridge = Ds18b20(name="fridge", sensor_id="28-00000a1b2c3d", base_path=tmp_path)
    assert fridge.read_celsius() == 4.062


def test_unplugged_sensor_raises(tmp_path: Path) -> None:
    sensor = Ds18b20(name="freezer", sensor_id="28-0316a2791aff", base_path=tmp_path)
    with pytest.raises(ThermometerError, match="cannot read"):
        sensor.read_celsius()
