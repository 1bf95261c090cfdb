"""The identity hash key lives in a file only the service user reads, never in the
configuration; start-up enforces where it is, who can read it and how long it is."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from byabutik.runtime.settings import SettingsError
from store_controller.cli import controller as controller_command
from store_controller.customers.identity_key import (
    CREDENTIAL_NAME,
    KEY_FILE_NAME,
    MIN_KEY_LENGTH,
)
from store_controller.customers.models import Customer
from store_controller.runtime import StoreController
from store_controller.settings import ControllerSettings
from tests.store_controller.production.kit import built, create_app, inline_key, production_settings

TOLVAN = "191212121212"


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def hash_at_the_door(controller: StoreController, key: bytes) -> str:
    """Let Tolvan in (as BankID would have proved him) and return the hash the store kept,
    checking it is the HMAC under `key`."""
    app = create_app(controller)
    app.state.entry_desk._admission.admit(TOLVAN, "Tolvan Tolvansson")
    with controller.sessions() as session:
        [stored] = session.scalars(select(Customer.identity_hash)).all()
    assert stored == hmac.new(key, TOLVAN.encode(), hashlib.sha256).hexdigest()
    return stored


def test_dev_mode_makes_a_private_key_file_and_keeps_it(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual umask: the file must be private anyway
    try:
        with built(ControllerSettings(data_dir=tmp_path)) as controller:
            key_file = tmp_path / KEY_FILE_NAME
            assert mode_of(key_file) == 0o600
            key = key_file.read_text().strip().encode()
            assert len(key) >= MIN_KEY_LENGTH
            assert controller.identity_key == key
            first = hash_at_the_door(controller, key)
    finally:
        os.umask(old)
    with built(ControllerSettings(data_dir=tmp_path)) as again:
        assert again.identity_key == key  # a restart recognises returning customers
        assert hash_at_the_door(again, key) == first


def test_the_configuration_holds_no_key(tmp_path: Path) -> None:
    """Reading controller.toml (often world-readable) gives nothing to undo the hash with."""
    config = tmp_path / "controller.toml"
    config.write_text(f'data_dir = "{tmp_path}"\n')
    create = ["create-identity-key", "--config", str(config)]
    result = CliRunner().invoke(controller_command, create)
    assert result.exit_code == 0, result.output
    key = (tmp_path / KEY_FILE_NAME).read_text().strip()
    assert key not in config.read_text()
    assert key not in result.output  # nor does the command print it
    assert mode_of(tmp_path / KEY_FILE_NAME) == 0o600
    again = CliRunner().invoke(controller_command, create)
    assert again.exit_code != 0  # never replaces a key: customers would look new
    assert "exists" in again.output
    assert (tmp_path / KEY_FILE_NAME).read_text().strip() == key


def test_production_without_a_key_file_is_refused(tmp_path: Path) -> None:
    with (
        pytest.raises(SettingsError) as refused,
        built(production_settings(tmp_path, key_file=False)),
    ):
        pass
    [problem] = refused.value.problems
    assert problem.startswith(
        "secrets.identity_hash_key_file (env BYABUTIK_CONTROLLER_SECRETS__IDENTITY_HASH_KEY_FILE)"
    )
    assert str(tmp_path / KEY_FILE_NAME) in problem
    assert "byabutik controller create-identity-key" in problem
    assert not (tmp_path / KEY_FILE_NAME).exists()  # production never makes one silently


@pytest.mark.parametrize("mode", ["dev", "production"])
def test_a_key_file_others_can_read_is_refused(tmp_path: Path, mode: str) -> None:
    key_file = tmp_path / "elsewhere" / "identity.key"
    key_file.parent.mkdir()
    key_file.write_text("k" * 40 + "\n")
    key_file.chmod(0o644)
    settings = production_settings(
        tmp_path, mode=mode, secrets={"identity_hash_key_file": key_file}
    )
    with (
        pytest.raises(
            SettingsError, match=rf"can be read by group and others \(0644\).*chmod 600 {key_file}"
        ),
        built(settings),
    ):
        pass
    key_file.chmod(0o600)
    with built(settings) as controller:
        assert controller.identity_key == b"k" * 40


def test_a_short_key_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / KEY_FILE_NAME
    key_file.write_text("k" * (MIN_KEY_LENGTH - 1))
    key_file.chmod(0o600)
    with (
        pytest.raises(SettingsError, match="holds 31 characters, at least 32"),
        built(production_settings(tmp_path)),
    ):
        pass


def test_a_key_inline_in_the_configuration_is_refused_in_production(tmp_path: Path) -> None:
    settings = production_settings(tmp_path, **inline_key("i" * 40))
    with pytest.raises(SettingsError) as refused, built(settings):
        pass
    [problem] = refused.value.problems
    assert problem.startswith("secrets.identity_hash_key (env BYABUTIK_CONTROLLER_SECRETS__")
    assert "i" * 40 not in problem
    assert "secrets.identity_hash_key_file" in problem  # says where it goes instead
    with built(ControllerSettings(data_dir=tmp_path, **inline_key("i" * 40))) as controller:
        assert controller.identity_key == b"i" * 40  # tests may still give it inline
    with (
        pytest.raises(SettingsError, match="at least 32"),
        built(ControllerSettings(data_dir=tmp_path, **inline_key("short"))),
    ):
        pass


def test_a_systemd_credential_is_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    credentials = tmp_path / "credentials"
    credentials.mkdir(mode=0o700)
    (credentials / CREDENTIAL_NAME).write_text("c" * 48)
    (credentials / CREDENTIAL_NAME).chmod(0o400)  # how systemd hands it over
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    data = tmp_path / "data"
    with built(production_settings(data, key_file=False)) as controller:
        assert controller.identity_key == b"c" * 48
    assert not (data / KEY_FILE_NAME).exists()
