"""The backoffice's `notify` settings (`BYABUTIK_BACKOFFICE_NOTIFY__SMTP_HOST` and so on):
the channels' servers, escalation delays, retries."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class NotifySettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    smtp_host: str | None = Field(default=None, description="unset: no e-mail")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    mail_from: str = "larm@byabutik.invalid"
    sms_url: str | None = Field(
        default=None, description="46elks-style gateway, e.g. https://api.46elks.com/a1/sms"
    )
    sms_user: str | None = None
    sms_password: SecretStr | None = None
    sms_from: str = "Byabutik"
    ntfy_url: str | None = Field(default=None, description="ntfy server, e.g. https://ntfy.sh")
    webhook_secret: SecretStr | None = Field(
        default=None, description="HMAC-SHA256 key of the X-Byabutik-Signature header"
    )
    vapid_private_key_file: Path | None = Field(
        default=None, description="VAPID private key (PEM) for Web Push; unset: no Web Push"
    )
    vapid_subject: str = Field(default="mailto:larm@byabutik.invalid", description="VAPID sub")
    escalate_critical_minutes: int = Field(default=5, ge=1)
    escalate_warning_minutes: int = Field(default=30, ge=1)
    retry_limit: int = Field(default=6, ge=1, le=20, description="attempts before giving up")
    retry_base_seconds: int = Field(default=15, ge=1, description="doubles after each failure")
    ack_link_hours: int = Field(default=24, ge=1, le=168)
    timeout_seconds: float = Field(default=10.0, gt=0)
