"""The backoffice reads the environment, names bad keys and refuses default secrets."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from pydantic import SecretStr

from backoffice.settings import BackofficeSettings, load_backoffice_settings
from byabutik.runtime.secrets import (
    MIN_SECRET_LENGTH,
    PACKAGED_EXAMPLE_SECRETS,
    example_values,
    secret_problems,
    secret_settings_in,
)
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


def example_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            monkeypatch.setenv(key.strip(), value.strip())


def test_the_example_file_as_copied_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    example_environment(monkeypatch)
    with pytest.raises(SettingsError) as refused:
        load_backoffice_settings()
    message = str(refused.value)
    assert "secret_key (env BYABUTIK_BACKOFFICE_SECRET_KEY): is the example value" in message
    assert "token_urlsafe" in message  # says what to put there
    assert "replace-with-a-long-random-secret" not in message  # and never echoes a secret


def identity_key(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    key = folder / "identity.key"
    key.write_bytes(secrets.token_bytes(32).hex().encode())
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_BANKID__IDENTITY_KEY_FILE", str(key))


def test_the_example_file_with_real_secrets_is_valid(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    example_environment(monkeypatch)
    identity_key(monkeypatch, tmp_path)
    for name in ("SECRET_KEY",):
        monkeypatch.setenv(f"BYABUTIK_BACKOFFICE_{name}", secrets.token_urlsafe(32))
    settings = load_backoffice_settings()
    assert settings.mode == "production"
    assert settings.effective_database_url.startswith("postgresql")


def production(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_MODE", "production")
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_SECRET_KEY", secret)


def test_production_refuses_a_secret_shorter_than_32(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    identity_key(monkeypatch, tmp_path)
    production(monkeypatch, "s" * 31)
    with pytest.raises(SettingsError, match=r"secret_key .*31 characters.*at least 32"):
        load_backoffice_settings()
    production(monkeypatch, "s" * 32)
    assert load_backoffice_settings().secret_key.get_secret_value() == "s" * 32


@pytest.mark.parametrize(
    "example", sorted(v for v in example_values() if len(v) >= MIN_SECRET_LENGTH)
)
def test_production_refuses_every_long_value_of_the_examples(
    monkeypatch: pytest.MonkeyPatch, example: str
) -> None:
    production(monkeypatch, example)
    with pytest.raises(SettingsError, match=r"secret_key .*is the example value from deploy/"):
        load_backoffice_settings()


def test_production_refuses_an_example_swish_callback_identifier(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    production(monkeypatch, secrets.token_urlsafe(32))
    # commented out in the example file, and still refused: people uncomment lines
    monkeypatch.setenv(
        "BYABUTIK_BACKOFFICE_SWISH__CALLBACK_IDENTIFIER", "same-32-to-36-characters-as-the-stores"
    )
    with pytest.raises(SettingsError, match="BYABUTIK_BACKOFFICE_SWISH__CALLBACK_IDENTIFIER"):
        load_backoffice_settings()


def test_a_value_added_to_an_example_file_is_refused_too(tmp_path: Path) -> None:
    (tmp_path / "backoffice.example.env").write_text(
        "# A new secret\n# BYABUTIK_BACKOFFICE_SECRET_KEY=a-brand-new-example-value-0123456789abc\n"
    )
    settings = BackofficeSettings(secret_key=SecretStr("a-brand-new-example-value-0123456789abc"))
    problems = secret_problems(
        settings, env_prefix="BYABUTIK_BACKOFFICE_", examples=example_values(tmp_path)
    )
    assert problems[0].startswith("secret_key (env BYABUTIK_BACKOFFICE_SECRET_KEY): is the example")


def test_the_packaged_list_holds_every_long_example_value() -> None:
    """Installs without deploy/ fall back on the packaged list: it must not drift."""
    assert secret_settings_in() == PACKAGED_EXAMPLE_SECRETS, (
        "a secret in deploy/*.example.* changed: copy secret_settings_in() into "
        "byabutik.runtime.secrets.PACKAGED_EXAMPLE_SECRETS"
    )
    assert example_values(Path("/nonexistent")) == PACKAGED_EXAMPLE_SECRETS


def test_there_is_no_shared_admin_token() -> None:
    """People sign in; scripts use personal API tokens (issue 16)."""
    assert "admin_token" not in BackofficeSettings.model_fields


def test_production_refuses_a_simulated_or_test_bankid_and_a_weak_identity_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    production(monkeypatch, secrets.token_urlsafe(32))
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_BANKID__ENABLED", "true")
    with pytest.raises(SettingsError) as refused:
        load_backoffice_settings()
    text = str(refused.value)
    assert "BYABUTIK_BACKOFFICE_BANKID__ENVIRONMENT" in text  # simulator, the default
    assert "BYABUTIK_BACKOFFICE_BANKID__IDENTITY_KEY_FILE" in text  # missing
    certificate = tmp_path / "rp.p12"
    certificate.write_bytes(b"not read here")
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_BANKID__CERTIFICATE", str(certificate))
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_BANKID__ENVIRONMENT", "test")
    weak = tmp_path / "weak.key"
    weak.write_bytes(b"short")
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_BANKID__IDENTITY_KEY_FILE", str(weak))
    with pytest.raises(SettingsError) as refused:
        load_backoffice_settings()
    text = str(refused.value)
    assert "is test" in text
    assert "fewer than 32 bytes" in text
    strong = tmp_path / "strong.key"
    strong.write_bytes(secrets.token_bytes(32).hex().encode())
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_BANKID__IDENTITY_KEY_FILE", str(strong))
    monkeypatch.setenv("BYABUTIK_BACKOFFICE_BANKID__ENVIRONMENT", "production")
    assert load_backoffice_settings().bankid.environment == "production"


def test_production_refuses_a_missing_identity_key_even_without_bankid_sign_in(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Owners block a person by typing their personnummer: hashed with the stores' key."""
    production(monkeypatch, secrets.token_urlsafe(32))
    with pytest.raises(SettingsError) as refused:
        load_backoffice_settings()
    assert "BYABUTIK_BACKOFFICE_BANKID__IDENTITY_KEY_FILE" in str(refused.value)
    assert "blocking by personnummer" in str(refused.value)
    identity_key(monkeypatch, tmp_path)
    assert load_backoffice_settings().bankid.identity_key()
