"""Production mode refuses to start with anything simulated, names the setting and the fix, and
a production app has no simulation route at all (not mounted, rather than refusing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bankid_rp.config import BankIdConfig
from byabutik.runtime.settings import SettingsError
from byabutik.runtime.web import route_paths
from drivers.config import HardwareConfig, SimulatedScannerConfig, SimulatedThermometerConfig
from store_controller.checkout.config import CheckoutConfig
from store_controller.production import simulation_routes
from swish_merchant.config import SwishConfig
from tests.store_controller.production.kit import built, create_app, production_settings

ROOT = Path(__file__).parents[3]
REAL_PINS: dict[str, Any] = {"simulated": False, "pin_factory": "lgpio"}

SIMULATED: dict[str, tuple[dict[str, Any], str, str]] = {
    "simulated payments": (
        {"checkout": CheckoutConfig(payment_provider="simulated")},
        "checkout.payment_provider (env BYABUTIK_CONTROLLER_CHECKOUT__PAYMENT_PROVIDER)",
        'set "swish"',
    ),
    "Swish simulator": (
        {"swish": SwishConfig(environment="simulator")},
        "swish.environment (env BYABUTIK_CONTROLLER_SWISH__ENVIRONMENT)",
        'set "production"',
    ),
    "Swish's test system": (
        {
            "swish": SwishConfig(
                environment="test",
                certificate=Path("m.p12"),
                ca_file=Path("ca.pem"),
                callback_url="https://example.se/api/swish/callback",
            )
        },
        "swish.environment",
        'set "production"',
    ),
    "BankID simulator": (
        {"bankid": BankIdConfig(environment="simulator")},
        "bankid.environment (env BYABUTIK_CONTROLLER_BANKID__ENVIRONMENT)",
        'set "production"',
    ),
    "BankID's test service": (
        {"bankid": BankIdConfig(environment="test", certificate=Path("rp.p12"))},
        "bankid.environment",
        'set "production"',
    ),
    "mock pins": (
        {
            "hardware": HardwareConfig(
                simulated=False, pin_factory="mock", scanners=(), thermometers=()
            )
        },
        "hardware.pin_factory (env BYABUTIK_CONTROLLER_HARDWARE__PIN_FACTORY)",
        'set "lgpio"',
    ),
    "a simulated store": (
        {"hardware": HardwareConfig(simulated=True, scanners=(), thermometers=())},
        "hardware.simulated (env BYABUTIK_CONTROLLER_HARDWARE__SIMULATED)",
        "set false",
    ),
    "a simulated scanner": (
        {
            "hardware": HardwareConfig(
                **REAL_PINS, scanners=(SimulatedScannerConfig(),), thermometers=()
            )
        },
        'hardware.scanners (name "kiosk")',
        'set "serial", "hid" or "camera"',
    ),
    "a simulated thermometer": (
        {
            "hardware": HardwareConfig(
                **REAL_PINS, scanners=(), thermometers=(SimulatedThermometerConfig(),)
            )
        },
        'hardware.thermometers (name "fridge")',
        'set "ds18b20"',
    ),
    "the demo catalog": (
        {"checkout": CheckoutConfig(payment_provider="swish", demo_catalog=True)},
        "checkout.demo_catalog (env BYABUTIK_CONTROLLER_CHECKOUT__DEMO_CATALOG)",
        "set false",
    ),
}


@pytest.mark.parametrize("part", list(SIMULATED))
def test_production_refuses_to_start_with(tmp_path: Path, part: str) -> None:
    overrides, setting, fix = SIMULATED[part]
    settings = production_settings(tmp_path, **overrides)
    with pytest.raises(SettingsError) as refused, built(settings):
        pass
    problems = refused.value.problems
    assert [p for p in problems if p.startswith(setting) and fix in p], problems
    if part != "a simulated store":  # which also means mock pins
        assert len(problems) == 1, problems
    assert not (tmp_path / "controller.db").exists()  # refused before anything started


def test_the_same_settings_run_in_dev_mode(tmp_path: Path) -> None:
    for overrides, _setting, _fix in SIMULATED.values():
        if "hardware" in overrides:  # the mock pins are passed in; any pin map builds
            continue
        with built(production_settings(tmp_path, mode="dev", **overrides)) as controller:
            assert controller.settings.mode == "dev"


def test_a_production_app_mounts_no_simulation_route(tmp_path: Path) -> None:
    with built(production_settings(tmp_path)) as controller:
        app = create_app(controller)
        assert simulation_routes(app) == []
        paths = set(route_paths(app))
        assert "/kiosk/pay/simulate/{outcome}" not in paths
        assert "/kiosk/scan" not in paths  # typing codes is a dev shortcut too
        with TestClient(app) as client:
            assert client.get("/healthz").status_code == 200
            assert client.get("/kiosk").status_code == 200
            for path in ("/kiosk/pay/simulate/approve", "/kiosk/scan", "/sim/door/open"):
                assert client.post(path, json={"code": "7310865071805"}).status_code == 404
            for path in ("/sim/door", "/docs", "/openapi.json"):
                assert client.get(path).status_code == 404, path


def test_a_dev_app_keeps_its_simulators(tmp_path: Path) -> None:
    """(So that the test above cannot pass for nothing.)"""
    settings = production_settings(
        tmp_path,
        mode="dev",
        hardware=HardwareConfig(scanners=(), thermometers=()),
        checkout=CheckoutConfig(),
    )
    with built(settings) as controller:
        app = create_app(controller)
        assert {"/sim/door", "/kiosk/pay/simulate/{outcome}"} <= set(simulation_routes(app))
        with TestClient(app) as client:
            assert client.get("/sim/door").status_code == 200
            assert client.get("/docs").status_code == 200
            # no payment in progress: the route is there and says so
            answer = client.post("/kiosk/pay/simulate/approve")
            assert answer.status_code == 404
            assert answer.json()["detail"] == "no simulated payment in progress"


def test_the_command_names_every_problem_and_starts_nothing(tmp_path: Path) -> None:
    config = tmp_path / "controller.toml"
    config.write_text(f'mode = "production"\ndata_dir = "{tmp_path / "data"}"\n')
    done = subprocess.run(
        [sys.executable, "-m", "byabutik", "controller", "run", "--config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2, done.stdout + done.stderr
    for named in (
        "checkout.payment_provider",
        "swish.environment",
        "bankid.environment",
        "hardware.simulated",
        "hardware.pin_factory",
        "secrets.identity_hash_key_file (env BYABUTIK_CONTROLLER_SECRETS__IDENTITY_HASH_KEY_FILE)",
        f"byabutik controller create-identity-key --config {config}",
    ):
        assert named in done.stderr
    assert not (tmp_path / "data").exists()
