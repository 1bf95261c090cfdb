"""`byabutik controller doctor` over the drivers (lives here: the drivers own the hardware map)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from drivers.config import (
    Ds18b20Config,
    HardwareConfig,
    LockConfig,
    SerialScannerConfig,
    SimulatedThermometerConfig,
)
from drivers.virtual_scanner import VirtualScanner
from store_controller.cli import controller
from store_controller.doctor import check_hardware, format_checks, run_doctor

ROOT = Path(__file__).parents[2]
GOOD = "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=-18500\n"


def test_a_simulated_store_is_healthy() -> None:
    lines: list[str] = []
    assert run_doctor(HardwareConfig(cabinet_lock=LockConfig(pin=16)), echo=lines.append) == 0
    report = lines[0]
    assert "door lock" in report
    assert "locked (relay off), GPIO17 active-high" in report
    assert "cabinet lock" in report
    assert "open (or cable cut), GPIO27" in report
    assert "released, GPIO22" in report
    assert report.endswith("8 check(s), 0 failed")


def test_every_failure_is_listed_and_the_rest_still_checked(tmp_path: Path) -> None:
    (tmp_path / "28-0316a2791aff").mkdir()
    (tmp_path / "28-0316a2791aff" / "w1_slave").write_text(GOOD)
    with VirtualScanner(port=0) as virtual:
        config = HardwareConfig(
            simulated=False,
            scanners=(
                SerialScannerConfig(name="kiosk", url=virtual.url),
                SerialScannerConfig(name="spare", url=str(tmp_path / "ttyACM9")),
            ),
            thermometers=(
                Ds18b20Config(name="freezer", sensor_id="28-0316a2791aff", base_path=tmp_path),
                Ds18b20Config(name="fridge", sensor_id="28-00000a1b2c3d", base_path=tmp_path),
                SimulatedThermometerConfig(name="room", celsius=19),
            ),
        )
        checks = check_hardware(config)
    by_device = {c.device: c for c in checks}
    assert by_device["scanner kiosk (serial)"].ok
    assert not by_device["scanner spare (serial)"].ok
    assert "cannot open" in by_device["scanner spare (serial)"].detail
    assert by_device["thermometer freezer (ds18b20)"].detail == "-18.5 °C"
    assert not by_device["thermometer fridge (ds18b20)"].ok
    assert by_device["thermometer room (simulated)"].ok
    assert format_checks(checks).endswith("2 failed")


def test_without_a_pin_factory_the_gpio_devices_fail() -> None:
    config = HardwareConfig(simulated=False, pin_factory="lgpio")  # no lgpio on this machine
    checks = check_hardware(config)
    gpio = [c for c in checks if "GPIO" in c.detail or "pin factory" in c.device]
    if checks[0].ok:  # running on a Pi with lgpio: nothing to assert here
        return
    assert all(not c.ok for c in gpio)
    assert [c.device for c in gpio][1:] == [use for use, _ in config.gpio_pins()]


def test_doctor_command_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text("[hardware]\nsimulated = true\n")
    result = CliRunner().invoke(controller, ["doctor", "--config", str(good)])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[hardware]\nsimulated = true\n[[hardware.scanners]]\nkind = "serial"\nurl = "socket://127.0.0.1:1"\n'
    )
    result = CliRunner().invoke(controller, ["doctor", "--config", str(bad)])
    assert result.exit_code == 1
    assert "FAIL  scanner kiosk (serial)" in result.output


def test_doctor_through_the_byabutik_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "byabutik", "controller", "doctor"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "BYABUTIK_CONTROLLER_HARDWARE__PIN_FACTORY": "mock"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "door lock" in done.stdout
