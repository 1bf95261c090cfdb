"""The key of the keyed identity hash, kept apart from the configuration.

The controller stores HMAC-SHA256(key, personal identity number) beside the customer's birth
date. With the birth date known, only about a thousand numbers fit (serial and check digit), so
whoever reads the key can undo the hash in a blink: the key lives in a file readable by the
service user alone, never in the (often world-readable) configuration.

Where it is, in order: the systemd credential `identity-hash-key` (the unit's `LoadCredential=`,
found in $CREDENTIALS_DIRECTORY: systemd reads a root-only file and hands it to this service
alone); `secrets.identity_hash_key_file` (the same file, for `doctor` and runs outside systemd);
else `<data_dir>/identity-hash.key`. A key apart from data_dir stays out of the database's
backups. Dev mode makes a missing file; production refuses to start
without one. `secrets.identity_hash_key` (the key inline) is for tests: production refuses it.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from byabutik.runtime.files import create_private, exposure
from byabutik.runtime.settings import SettingsError, env_name
from store_controller.settings import ENV_PREFIX, ControllerSettings

KEY_FILE_NAME = "identity-hash.key"
CREDENTIAL_NAME = "identity-hash-key"
MIN_KEY_LENGTH = 32
SETTING = "secrets.identity_hash_key_file"
INLINE_SETTING = "secrets.identity_hash_key"


def _named(setting: str) -> str:
    return f"{setting} (env {env_name(ENV_PREFIX, tuple(setting.split('.')))})"


def create_command(config_file: Path | None) -> str:
    where = f" --config {config_file}" if config_file is not None else ""
    return f"byabutik controller create-identity-key{where}"


@dataclass(frozen=True)
class KeyLocation:
    path: Path
    origin: str
    """What put it there: the setting, the systemd credential, or the data_dir default."""


def key_location(settings: ControllerSettings) -> KeyLocation:
    credentials = os.environ.get("CREDENTIALS_DIRECTORY")
    if credentials and (credential := Path(credentials) / CREDENTIAL_NAME).is_file():
        return KeyLocation(credential, f"systemd credential {CREDENTIAL_NAME}")
    configured = settings.secrets.identity_hash_key_file
    if configured is not None:
        return KeyLocation(configured, SETTING)
    return KeyLocation(settings.data_dir / KEY_FILE_NAME, f"{SETTING} unset: data_dir")


def create_key_file(path: Path) -> None:
    """A new random key (64 URL-safe characters) in a file only its owner can read."""
    create_private(path, secrets.token_urlsafe(48).encode("ascii") + b"\n")


def read_key(path: Path) -> bytes:
    """The key in a key file as the hash uses it (surrounding whitespace and newline dropped)."""
    return path.read_text(encoding="utf-8").strip().encode()


def key_problems(settings: ControllerSettings, *, config_file: Path | None = None) -> list[str]:
    """What keeps the key from being used, each naming the file or setting and the fix."""
    if settings.secrets.identity_hash_key is not None:
        return _inline_problems(settings)
    location = key_location(settings)
    path = location.path
    if not path.exists():
        if settings.mode == "dev":
            return []  # made at start
        return [
            f"{_named(SETTING)}: {path} ({location.origin}) does not exist; create it with "
            f"`{create_command(config_file)}` as the service user (a random key, mode 0600), "
            f"or give a systemd credential {CREDENTIAL_NAME}. Moving from a key in the "
            f"configuration? Put that same value in the file, or returning customers look new."
        ]
    try:
        readable_by = exposure(path)
        key = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{_named(SETTING)}: cannot read {path}: {exc}"]
    problems = []
    if readable_by is not None:
        problems.append(
            f"{_named(SETTING)}: {path} can be read by {readable_by}: with it and the birth "
            f"dates anyone recovers personal identity numbers; run `chmod 600 {path}` and "
            f"`chown` it to the service user"
        )
    if len(key) < MIN_KEY_LENGTH:
        problems.append(
            f"{_named(SETTING)}: {path} holds {len(key)} characters, at least {MIN_KEY_LENGTH} "
            f"are needed; a new installation makes one with `{create_command(config_file)}`"
        )
    return problems


def _inline_problems(settings: ControllerSettings) -> list[str]:
    assert settings.secrets.identity_hash_key is not None
    key = settings.secrets.identity_hash_key.get_secret_value()
    problems = []
    if settings.mode != "dev":
        problems.append(
            f"{_named(INLINE_SETTING)}: production keeps the key out of the configuration; "
            f"remove it, put the same value in a file only the service user can read "
            f"(mode 0600) and name that file in {SETTING}, or give it as the systemd "
            f"credential {CREDENTIAL_NAME}"
        )
    if len(key) < MIN_KEY_LENGTH:
        problems.append(
            f"{_named(INLINE_SETTING)}: {len(key)} characters, at least {MIN_KEY_LENGTH} are needed"
        )
    return problems


def load_identity_key(settings: ControllerSettings) -> bytes:
    """The key as the hash uses it; refuses (SettingsError) what `key_problems` finds. Dev mode
    makes a missing key file."""
    if problems := key_problems(settings):
        raise SettingsError(problems)
    if settings.secrets.identity_hash_key is not None:
        return settings.secrets.identity_hash_key.get_secret_value().encode()
    path = key_location(settings).path
    if not path.exists():  # dev mode
        create_key_file(path)
    return read_key(path)
