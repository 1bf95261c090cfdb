"""The backoffice's optional `swish` settings: how to re-fetch a payment's status from Swish.

Environment variables `BYABUTIK_BACKOFFICE_SWISH__BASE_URL`, `..._CERTIFICATE`, `..._KEY`,
`..._CERTIFICATE_PASSWORD`, `..._CA_FILE`, `..._CALLBACK_IDENTIFIER`. Statuses are read with
the `swish_merchant` library's client, the one the stores use. Without `callback_identifier`
the callback route is closed (404); without `base_url` callbacks are only recorded, never
verified, so reconciliation ignores them (the stores poll Swish themselves and stay the ones
that decide "paid").
"""

from __future__ import annotations

from pathlib import Path
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from swish_merchant import SwishConfig


class SwishStatusSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str | None = Field(
        default=None,
        description="Swish's API root, e.g. https://cpc.getswish.net/swish-cpcapi/api/; "
        "unset = record callbacks without re-fetching",
    )
    certificate: Path | None = Field(
        default=None, description="merchant certificate: PKCS#12 (.p12) or PEM (with `key`)"
    )
    key: Path | None = Field(default=None, description="its private key (PEM), if not in the cert")
    certificate_password: SecretStr | None = None
    ca_file: Path | None = Field(
        default=None, description="root(s) Swish's server must chain to (the only ones trusted)"
    )
    callback_identifier: SecretStr | None = Field(
        default=None,
        description="32-36 characters the stores give Swish; callbacks must carry it in the "
        "callbackIdentifier header (unset = the callback route is closed)",
    )
    request_timeout: float = Field(default=10.0, gt=0, le=60)

    @model_validator(mode="after")
    def _verifying_needs_credentials(self) -> Self:
        if self.base_url is not None and (self.certificate is None or self.ca_file is None):
            raise ValueError("swish.base_url needs swish.certificate and swish.ca_file")
        return self

    def client_config(self) -> SwishConfig | None:
        """The `swish_merchant` configuration for reading statuses; None without `base_url`."""
        if self.base_url is None:
            return None
        return SwishConfig(
            environment="production",  # only for its checks: the URL is `base_url`
            base_url=self.base_url,
            certificate=self.certificate,
            key=self.key,
            certificate_password=self.certificate_password,
            ca_file=self.ca_file,
            request_timeout=self.request_timeout,
        )

    @field_validator("callback_identifier")
    @classmethod
    def _identifier_length(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not 32 <= len(value.get_secret_value()) <= 36:
            raise ValueError("callback_identifier is 32-36 characters (what Swish accepts)")
        return value
