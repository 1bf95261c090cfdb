from __future__ import annotations

import tomllib
from typing import Any

import pytest
from pydantic import ValidationError

from drivers.config import (
    CameraScannerConfig,
    Ds18b20Config,
    HardwareConfig,
    SerialScannerConfig,
    SimulatedScannerConfig,
    SimulatedThermometerConfig,
)

PI_STORE = """
simulated = false
pin_factory = "lgpio"

[door_lock]
pin = 17
active_high = false
unlock_s = 4
max_unlock_s = 8

[cabinet_lock]
pin = 16

[door_contact]
pin = 27
debounce_s = 0.1

[[scanners]]
kind = "serial"
name = "kiosk"
url = "/dev/serial/by-id/usb-Honeywell_Scanner-if00"
baudrate = 115200
suffix = "CRLF"
symbology_prefix = true

[[scanners]]
kind = "camera"
name = "shelf-cam"
source = 0
decoder = "zxing"
symbologies = ["EAN13", "GS1_DATAMATRIX"]
region = [0.25, 0.25, 0.5, 0.5]
scale = 0.5

[[thermometers]]
kind = "ds18b20"
name = "freezer"
sensor_id = "28-0316a2791aff"
"""


def test_no_arguments_is_a_fully_simulated_store() -> None:
    config = HardwareConfig()
    assert config.simulated
    assert config.pin_factory == "mock"
    assert config.scanners == (SimulatedScannerConfig(),)
    assert config.thermometers == (SimulatedThermometerConfig(),)
    assert config.real_devices() == []


def test_a_pi_store_from_toml() -> None:
    config = HardwareConfig.model_validate(tomllib.loads(PI_STORE))
    assert config.door_lock.active_high is False
    assert config.cabinet_lock is not None
    assert config.cabinet_lock.pin == 16
    serial, camera = config.scanners
    assert isinstance(serial, SerialScannerConfig)
    assert (serial.suffix, serial.symbology_prefix, serial.baudrate) == ("CRLF", True, 115200)
    assert isinstance(camera, CameraScannerConfig)
    assert camera.region == (0.25, 0.25, 0.5, 0.5)
    assert isinstance(config.thermometers[0], Ds18b20Config)
    assert config.real_devices() == [
        "pin_factory=lgpio",
        "scanner kiosk",
        "scanner shelf-cam",
        "thermometer freezer",
    ]


def test_simulated_true_refuses_real_devices() -> None:
    with pytest.raises(ValidationError, match="real devices are configured"):
        HardwareConfig(pin_factory="lgpio")
    with pytest.raises(ValidationError, match="scanner kiosk"):
        HardwareConfig(scanners=(SerialScannerConfig(url="/dev/ttyACM0"),))


def test_simulated_store_may_use_socket_and_loop_scanners_and_video() -> None:
    config = HardwareConfig(
        scanners=(
            SerialScannerConfig(name="kiosk", url="socket://127.0.0.1:7001"),
            SerialScannerConfig(name="loop", url="loop://"),
            CameraScannerConfig(source="var/demo/checkout.avi"),
        )
    )
    assert config.real_devices() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"door_contact": {"pin": 17}}, "pin is used twice"),
        ({"scanners": [{"kind": "simulated"}, {"kind": "simulated"}]}, "names must be unique"),
        ({"door_lock": {"unlock_s": 20, "max_unlock_s": 10}}, "must not exceed"),
        ({"door_lock": {"max_unlock_s": 600}}, "less than or equal to 60"),
        ({"door_lock": {"pin": 99}}, "less than or equal to 53"),
        ({"pin_factory": "rpigpio"}, "mock"),
        ({"scanners": [{"kind": "serial", "url": "loop://", "suffix": "TAB"}]}, "CR"),
        ({"scanners": [{"kind": "camera", "scale": 2}]}, "less than or equal to 1"),
        ({"thermometers": [{"kind": "ds18b20", "name": "f", "sensor_id": "10-x"}]}, "pattern"),
        ({"door_lock": {"pin": 5, "colour": "red"}}, "Extra inputs"),
    ],
)
def test_invalid_configurations(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        HardwareConfig.model_validate(changes)


def test_frozen() -> None:
    with pytest.raises(ValidationError):
        HardwareConfig().pin_factory = "lgpio"  # type: ignore[misc]
