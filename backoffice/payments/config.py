"""The backoffice's optional `swish` settings: how to re-fetch a payment's status from Swish.

Environment variables `BYABUTIK_BACKOFFICE_SWISH__BASE_URL`, `..._CERTIFICATE`, `..._KEY`,
`..._CERTIFICATE_PASSWORD`, `..._CA_FILE`, `..._CALLBACK_IDENTIFIER`. Without `base_url` callbacks
are only recorded (the stores poll Swish themselves and stay the ones that decide "paid").
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class SwishStatusSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str | None = Field(
        default=None,
        description="Swish's API root, e.g. https://cpc.getswish.net/swish-cpcapi/api/; "
        "unset = record callbacks without re-fetching",
    )
    certificate: Path | None = Field(default=None, description="merchant certificate (PEM)")
    key: Path | None = Field(default=None, description="its private key (PEM), if not in the cert")
    certificate_password: SecretStr | None = None
    ca_file: Path | None = Field(
        default=None, description="root(s) Swish's server must chain to; unset = system roots"
    )
    callback_identifier: SecretStr | None = Field(
        default=None, description="if set, callbacks must carry it in the callbackIdentifier header"
    )
    request_timeout: float = Field(default=10.0, gt=0, le=60)
