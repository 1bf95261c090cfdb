"""Controller settings: one TOML file, overridden by `BYABUTIK_CONTROLLER_*` environment variables.

Nested keys use `__` in the environment: `[http] port` is `BYABUTIK_CONTROLLER_HTTP__PORT`. Values
given in code come first, then the environment, then the file (byabutik.runtime.env_overrides
reads the environment the way pydantic-settings does, without loading it on a Pi).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from bankid_rp.config import BankIdConfig
from byabutik.runtime.env_overrides import by_field_name, deep_merge, env_values
from byabutik.runtime.logging import LogFormat
from byabutik.runtime.settings import Mode, load_settings
from drivers.config import HardwareConfig
from store_controller.checkout.config import CheckoutConfig
from store_controller.door.config import DoorConfig
from store_controller.door.policy import AccessPolicy
from store_controller.entry.config import EntryConfig
from store_controller.monitoring.config import MonitoringConfig
from store_controller.receipts.config import ReceiptConfig
from store_controller.sync.config import SyncConfig
from swish_merchant.config import SwishConfig

ENV_PREFIX = "BYABUTIK_CONTROLLER_"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HttpSettings(_Section):
    """Where the kiosk, the door screen and the local receipt pages are served."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)


class BackofficeLink(_Section):
    url: str | None = Field(default=None, description="the backoffice's base URL; unset = offline")


class Secrets(_Section):
    """Where the secrets are, not the secrets (see store_controller.customers.identity_key)."""

    identity_hash_key_file: Path | None = Field(
        default=None,
        description="file holding the HMAC key of the personal identity numbers' keyed hash, "
        "readable by the service user alone; unset = the systemd credential identity-hash-key, "
        "else data_dir/identity-hash.key (made in dev mode)",
    )
    identity_hash_key: SecretStr | None = Field(
        default=None, description="the key itself, for tests only: production refuses it here"
    )


class ControllerSettings(BaseModel):
    """Built from values given in code over `BYABUTIK_CONTROLLER_*` variables over the defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    mode: Mode = "dev"
    store_id: str = Field(default="dev-store", min_length=1, max_length=64)
    store_name: str = "Byabutik"
    data_dir: Path = Path("var/controller")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; SQLite in data_dir when unset"
    )
    api_docs: bool | None = Field(
        default=None,
        description="serve /docs and /openapi.json; unset = on in dev mode, off in production",
    )
    log_format: LogFormat | None = None
    log_level: str = "INFO"
    metrics_token_file: Path | None = Field(
        default=None,
        description="file with the bearer token Prometheus sends to /metrics; unset = no /metrics",
    )
    http: HttpSettings = HttpSettings()
    backoffice: BackofficeLink = BackofficeLink()
    secrets: Secrets = Secrets()
    hardware: HardwareConfig = HardwareConfig()
    bankid: BankIdConfig = BankIdConfig()
    monitoring: MonitoringConfig = MonitoringConfig()
    checkout: CheckoutConfig = CheckoutConfig()
    door: DoorConfig = DoorConfig()
    policy: AccessPolicy = AccessPolicy()
    entry: EntryConfig = EntryConfig()
    swish: SwishConfig = SwishConfig()
    receipts: ReceiptConfig = ReceiptConfig()
    sync: SyncConfig = SyncConfig()

    @model_validator(mode="before")
    @classmethod
    def _environment_below_given_values(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return deep_merge(env_values(cls, ENV_PREFIX), by_field_name(cls, data))

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'controller.db'}"

    @property
    def api_docs_enabled(self) -> bool:
        return self.api_docs if self.api_docs is not None else self.mode == "dev"

    @property
    def effective_log_format(self) -> LogFormat:
        return self.log_format or ("text" if self.mode == "dev" else "json")


def load_controller_settings(config_file: Path | None = None) -> ControllerSettings:
    """Settings from `config_file` (if given) with the environment taking precedence."""
    if config_file is not None and not config_file.is_file():
        raise FileNotFoundError(f"controller config file not found: {config_file}")
    from_file: dict[str, Any] = {}
    if config_file is not None:
        with config_file.open("rb") as file:
            from_file = by_field_name(ControllerSettings, tomllib.load(file))

    def build() -> ControllerSettings:
        environment = env_values(ControllerSettings, ENV_PREFIX)
        return ControllerSettings.model_validate(deep_merge(from_file, environment))

    return load_settings(build, env_prefix=ENV_PREFIX)
