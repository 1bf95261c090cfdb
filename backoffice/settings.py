"""Backoffice settings, read from `BYABUTIK_BACKOFFICE_*` environment variables."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from backoffice.alerts.config import AlertRuleSettings
from backoffice.jobs.config import JobSettings
from backoffice.mail.config import MailSettings
from backoffice.notify.config import NotifySettings
from backoffice.notify.vapid import problems as vapid_problems
from backoffice.payments.config import SwishStatusSettings
from backoffice.signin.config import (
    BankIdSignInSettings,
    bankid_problems,
    identity_key_problems,
)
from byabutik.runtime.logging import LogFormat
from byabutik.runtime.secrets import secret_problems
from byabutik.runtime.settings import Mode, SettingsError, load_settings

ENV_PREFIX = "BYABUTIK_BACKOFFICE_"
LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


class BackofficeSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid", frozen=True
    )

    mode: Mode = "dev"
    data_dir: Path = Path("var/backoffice")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; SQLite in data_dir when unset"
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    public_url: str | None = Field(default=None, description="how stores and browsers reach us")
    secret_key: SecretStr = SecretStr("change-me-backoffice-dev-secret")
    session_idle: timedelta = Field(
        default=timedelta(minutes=30), description="a web session ends after this long unused"
    )
    session_absolute: timedelta = Field(
        default=timedelta(hours=12), description="a web session ends this long after sign-in"
    )
    sync_max_body_bytes: int = Field(
        default=2 * 1024 * 1024, ge=64 * 1024, description="largest sync request body (413 above)"
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
    swish: SwishStatusSettings = SwishStatusSettings()
    alerts: AlertRuleSettings = AlertRuleSettings()
    jobs: JobSettings = JobSettings()
    notify: NotifySettings = NotifySettings()
    mail: MailSettings = MailSettings()
    bankid: BankIdSignInSettings = BankIdSignInSettings()
    invitation_lifetime: timedelta = Field(
        default=timedelta(days=7), description="an invitation link works once, this long"
    )
    reset_lifetime: timedelta = Field(
        default=timedelta(hours=1), description="a password-reset link works once, this long"
    )

    @model_validator(mode="after")
    def _production_secrets_are_strong(self) -> Self:
        """Production refuses short, default and example secrets, each by name (all at once)."""
        if self.mode == "dev":
            return self
        problems = secret_problems(self, env_prefix=ENV_PREFIX)
        if self.mail.host and self.mail.tls == "none" and self.mail.host not in LOCAL_HOSTS:
            problems.append(
                f"mail.tls (env {ENV_PREFIX}MAIL__TLS): is none for {self.mail.host}; "
                "links that sign people in would cross the network in clear: use starttls or tls"
            )
        problems += bankid_problems(self.bankid, ENV_PREFIX)
        problems += vapid_problems(self.notify, ENV_PREFIX)
        problems += identity_key_problems(self.bankid, ENV_PREFIX)
        if problems:
            raise SettingsError(problems)
        return self

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'backoffice.db'}"

    @property
    def jobs_in_process(self) -> bool:
        """Jobs run in the web process (SQLite, or asked for) rather than in workers."""
        if self.jobs.runner == "auto":
            return not self.effective_database_url.startswith("postgresql")
        return self.jobs.runner == "local"

    @property
    def api_docs_enabled(self) -> bool:
        return self.api_docs if self.api_docs is not None else self.mode == "dev"

    @property
    def effective_log_format(self) -> LogFormat:
        return self.log_format or ("text" if self.mode == "dev" else "json")


def load_backoffice_settings() -> BackofficeSettings:
    return load_settings(BackofficeSettings, env_prefix=ENV_PREFIX)
