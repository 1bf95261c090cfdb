"""The controller reads its TOML file, lets the environment override it, and names bad keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from byabutik.runtime.settings import SettingsError
from store_controller.settings import load_controller_settings

EXAMPLE = Path(__file__).parents[2] / "deploy" / "controller.example.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "controller.toml"
    path.write_text(text)
    return path


def test_values_come_from_the_file(tmp_path: Path) -> None:
    config = write(tmp_path, 'store_id = "byn-1"\n[http]\nport = 9000\n')
    settings = load_controller_settings(config)
    assert settings.store_id == "byn-1"
    assert settings.http.port == 9000


def test_the_environment_overrides_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write(tmp_path, 'store_id = "byn-1"\n[http]\nport = 9000\n')
    monkeypatch.setenv("BYABUTIK_CONTROLLER_HTTP__PORT", "9100")
    monkeypatch.setenv("BYABUTIK_CONTROLLER_STORE_ID", "byn-2")
    settings = load_controller_settings(config)
    assert (settings.store_id, settings.http.port) == ("byn-2", 9100)


def test_an_invalid_value_names_its_key_and_variable(tmp_path: Path) -> None:
    config = write(tmp_path, '[http]\nport = "eighty"\n')
    with pytest.raises(SettingsError) as error:
        load_controller_settings(config)
    assert "http.port" in str(error.value)
    assert "BYABUTIK_CONTROLLER_HTTP__PORT" in str(error.value)


def test_a_misspelt_key_is_refused_not_ignored(tmp_path: Path) -> None:
    config = write(tmp_path, "[http]\nprot = 8080\n")
    with pytest.raises(SettingsError, match=r"http\.prot"):
        load_controller_settings(config)


def test_production_logs_json(tmp_path: Path) -> None:
    """(What production refuses to start with: tests/store_controller/test_production.py.)"""
    settings = load_controller_settings(write(tmp_path, 'mode = "production"\n'))
    assert settings.mode == "production"
    assert settings.effective_log_format == "json"


def test_a_missing_file_is_an_error_not_defaults(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nope\.toml"):
        load_controller_settings(tmp_path / "nope.toml")


def test_the_example_file_is_valid() -> None:
    settings = load_controller_settings(EXAMPLE)
    assert settings.mode == "dev"
    assert settings.effective_database_url.startswith("sqlite:///")


def test_the_commented_raspberry_pi_hardware_example_is_valid(tmp_path: Path) -> None:
    text = EXAMPLE.read_text()
    block = text[text.index("[hardware]\n") : text.index("simulated = true")]
    example = [line[4:] for line in block.splitlines() if line.startswith("#   ")]
    config = write(tmp_path, "[hardware]\n" + "\n".join(example) + "\n")
    hardware = load_controller_settings(config).hardware
    assert hardware.simulated is False
    assert hardware.door_lock.active_high is False
    assert [s.kind for s in hardware.scanners] == ["serial"]
