"""The backoffice's `mail` settings (`BYABUTIK_BACKOFFICE_MAIL__HOST` and so on): the SMTP
server invitations and password resets go through. The password is read from a file only the
service user can read, never from the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

TlsMode = Literal["none", "starttls", "tls"]


class MailSettings(BaseModel):
    model_config = {"frozen": True, "extra": "forbid"}

    host: str | None = Field(default=None, description="SMTP server; unset: no e-mail is sent")
    port: int = Field(default=587, ge=1, le=65535)
    tls: TlsMode = Field(
        default="starttls", description="none (a local catcher only), starttls or tls (SMTPS)"
    )
    sender: str = Field(default="Byabutik <noreply@byabutik.invalid>", max_length=254)
    username: str | None = None
    password_file: Path | None = Field(
        default=None, description="file holding the SMTP password (readable by the service only)"
    )
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)
