"""Backoffice settings of Sign in with BankID (`BYABUTIK_BACKOFFICE_BANKID__*`).

The RP certificate, the pinned root and the environment are the `bankid_rp` library's own
settings; the backoffice adds whether sign-in with BankID is offered and the file holding the
identity-hash key (HMAC-SHA256 of the personal number: the only trace of it we keep)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from bankid_rp.config import BankIdConfig

MIN_KEY_BYTES = 32


class BankIdSignInSettings(BankIdConfig):
    enabled: bool = Field(default=False, description="offer Sign in with BankID")
    identity_key_file: Path | None = Field(
        default=None,
        description="file with the identity-hash key (at least 32 random bytes), readable only "
        "by the service user",
    )

    def identity_key(self) -> bytes:
        """The key, or an error naming the setting when missing or too short."""
        if self.identity_key_file is None:
            raise ValueError("bankid.identity_key_file is not set")
        key = self.identity_key_file.read_bytes().strip()
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"bankid.identity_key_file holds fewer than {MIN_KEY_BYTES} bytes")
        return key


def bankid_problems(settings: BankIdSignInSettings, env_prefix: str) -> list[str]:
    """What production refuses when BankID sign-in is on: a simulated or test BankID."""
    if not settings.enabled:
        return []
    problems = []
    if settings.environment != "production":
        problems.append(
            f"bankid.environment (env {env_prefix}BANKID__ENVIRONMENT): is "
            f"{settings.environment}; production signs people in with the production BankID"
        )
    if settings.base_url is not None:
        problems.append(
            f"bankid.base_url (env {env_prefix}BANKID__BASE_URL): production uses BankID's own "
            "address; unset it"
        )
    return problems


def identity_key_problems(settings: BankIdSignInSettings, env_prefix: str) -> list[str]:
    """Production needs the identity-hash key whether or not BankID sign-in is on: owners
    block a person by typing their personnummer, hashed with it like the stores do."""
    try:
        settings.identity_key()
    except (ValueError, OSError) as exc:
        return [
            f"bankid.identity_key_file (env {env_prefix}BANKID__IDENTITY_KEY_FILE): {exc}; "
            "the same key as the stores' (signing in with BankID and blocking by personnummer "
            "hash with it)"
        ]
    return []
