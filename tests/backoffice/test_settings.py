"""The backoffice reads the environment, names bad keys and refuses default secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from backoffice.settings import load_backoffice_settings
from byabutik.runtime.settings import SettingsError

EXAMPLE = Path(__file__).parents[2] / "deploy" / "backoffice.example.env"


def test_defaults_are_a_local_sqlite_database() -> None:
    settings = load_backoffice_settings()
    assert settings.effective_database_url.endswith("backoffice.db")
    assert settings.effective_log_format == "text"


def test_postgres_by_url(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://byabutik@db.example/byabutik"
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_DATABASE_URL", url)
    assert load_backoffice_settings().effective_database_url == url


def test_an_invalid_value_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_PORT", "99999")
    with pytest.raises(SettingsError, match="BYABUTIK_BACKOFFICE_PORT"):
        load_backoffice_settings()


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_MODE", "production")
    with pytest.raises(SettingsError, match="secret_key"):
        load_backoffice_settings()


def test_the_example_file_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            monkeypatch.setenv(key.strip(), value.strip())
    settings = load_backoffice_settings()
    assert settings.mode == "production"
    assert settings.effective_database_url.startswith("postgresql")


def test_production_refuses_the_default_admin_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_MODE", "production")
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_SECRET_KEY", "a-real-secret-0123456789abcdef")
    with pytest.raises(SettingsError, match="admin_token"):
        load_backoffice_settings()
