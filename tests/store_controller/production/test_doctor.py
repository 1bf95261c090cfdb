"""`byabutik controller doctor` checks what guards personal data: one finding per problem,
naming the file or setting and the fix; failures in production, warnings in dev mode."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from store_controller.cli import controller
from store_controller.customers.identity_key import KEY_FILE_NAME, create_key_file
from store_controller.doctor import Check
from store_controller.doctor_privacy import check_privacy
from store_controller.settings import load_controller_settings
from store_controller.sync.credential import CREDENTIAL_FILE

PRODUCTION = """\
mode = "production"
data_dir = "{data}"
[hardware]
simulated = false
pin_factory = "{pins}"
scanners = []
thermometers = []
[checkout]
payment_provider = "swish"
[bankid]
environment = "production"
certificate = "{data}/rp.p12"
[swish]
environment = "production"
certificate = "{data}/merchant.p12"
ca_file = "{data}/swish-root.pem"
callback_url = "https://backoffice.example.se/api/swish/callback"
"""


def store_files(tmp_path: Path, *, mode: int, pins: str = "lgpio") -> tuple[Path, Path]:
    """A configuration and every file the doctor looks at, all with `mode`."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    config = tmp_path / "controller.toml"
    config.write_text(PRODUCTION.format(data=data, pins=pins))
    create_key_file(data / KEY_FILE_NAME)
    (data / CREDENTIAL_FILE).write_text(json.dumps({"token": "t"}))
    for name in ("controller.db", "controller.db-wal", "rp.p12", "merchant.p12"):
        (data / name).write_bytes(b"...")
    for path in (config, *data.iterdir()):
        path.chmod(mode)
    return config, data


TAIL = " (and `chown` it to the service user)"


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.device: c for c in checks}


def test_a_private_production_store_passes(tmp_path: Path) -> None:
    config, data = store_files(tmp_path, mode=0o600)
    checks = check_privacy(load_controller_settings(config), config)
    assert [c for c in checks if not c.ok] == []
    names = by_name(checks)
    assert set(names) >= {
        "production mode",
        "identity hash key",
        "configuration controller.toml",
        "data_dir",
        "database controller.db",
        "database controller.db-wal",
        "device credential device-credential.json",
        "bankid.certificate rp.p12",
        "swish.certificate merchant.p12",
    }
    origin = "secrets.identity_hash_key_file unset: data_dir"
    assert names["identity hash key"].detail == f"{data / KEY_FILE_NAME} ({origin}), owner only"


def test_every_readable_file_is_a_finding_with_its_fix(tmp_path: Path) -> None:
    config, data = store_files(tmp_path, mode=0o644, pins="mock")
    result = CliRunner().invoke(controller, ["doctor", "--config", str(config)])
    assert result.exit_code == 1
    out = result.output
    for path in (
        config,
        data / "controller.db",
        data / "controller.db-wal",
        data / CREDENTIAL_FILE,
        data / "rp.p12",
        data / "merchant.p12",
    ):
        assert f"{path} can be read by group and others (0644): run `chmod 600 {path}`" in out
    key = data / KEY_FILE_NAME
    assert "FAIL  identity hash key" in out
    assert f"{key} can be read by group and others (0644)" in out
    # and the production refusals, one line each (mock pins here)
    assert "FAIL  production mode" in out
    assert 'hardware.pin_factory (env BYABUTIK_CONTROLLER_HARDWARE__PIN_FACTORY): "mock"' in out


def findings(config: Path) -> list[str]:
    checks = check_privacy(load_controller_settings(config), config)
    return [c.detail for c in checks if not c.ok]


def test_a_missing_or_short_key_and_an_inline_key_are_findings(tmp_path: Path) -> None:
    config, data = store_files(tmp_path, mode=0o600)
    (data / KEY_FILE_NAME).unlink()
    [missing] = findings(config)
    create = f"byabutik controller create-identity-key --config {config}"
    assert f"does not exist; create it with `{create}`" in missing
    (data / KEY_FILE_NAME).write_text("short")
    (data / KEY_FILE_NAME).chmod(0o600)
    [short] = findings(config)
    assert "holds 5 characters, at least 32" in short
    config.write_text(config.read_text() + '[secrets]\nidentity_hash_key = "' + "x" * 40 + '"\n')
    [inline] = findings(config)
    assert inline.startswith("secrets.identity_hash_key (env BYABUTIK_CONTROLLER_SECRETS__")
    assert "production keeps the key out of the configuration" in inline
    assert "x" * 40 not in inline


def test_dev_mode_warns_about_file_modes_and_still_passes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = tmp_path / "controller.toml"
    config.write_text(f'data_dir = "{data}"\n')
    config.chmod(0o644)
    result = CliRunner().invoke(controller, ["doctor", "--config", str(config)])
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if "configuration" in line]
    assert line.startswith("warn  configuration controller.toml")
    assert line.endswith(f"can be read by group and others (0644): run `chmod 600 {config}`" + TAIL)
    assert "is made at start (dev mode)" in result.output
