"""Swish configuration: which environment, the merchant certificate, callbacks and timing.

The controller's TOML file holds this under `[swish]`. The simulator's defaults match the files
`byabutik simulate swish` writes into its default certificate folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

Environment = Literal["production", "test", "simulator"]
"""`test` is Swish's Merchant Swish Simulator (MSS)."""

BASE_URLS: dict[Environment, str] = {
    "production": "https://cpc.getswish.net/swish-cpcapi/api/",
    "test": "https://mss.cpc.getswish.net/swish-cpcapi/api/",
    "simulator": "https://127.0.0.1:8446/swish-cpcapi/api/",
}

QR_URLS: dict[Environment, str] = {
    "production": "https://mpc.getswish.net/qrg-swish/api/",
    "test": "https://mpc.getswish.net/qrg-swish/api/",
    "simulator": "https://127.0.0.1:8446/qrg-swish/api/",
}
"""Swish's QR code service (no client certificate); the simulator serves it beside its API."""

SIMULATOR_CERT_DIR = Path("var/swish-simulator")
SIMULATOR_P12_PASSWORD = "swish"  # noqa: S105 - the test certificate's well-known password
TEST_MERCHANT = "1234679304"
"""Swish's test merchant number (swish.md section 7)."""
DEFAULT_CALLBACK_URL = "https://127.0.0.1:8000/api/swish/callback"


class SwishConfig(BaseModel):
    """Where Swish is, who we are to it, where it calls back, and how often and how long we ask."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    environment: Environment = "simulator"
    base_url: str | None = Field(
        default=None, description="override of the environment's URL (ends in /swish-cpcapi/api/)"
    )
    qr_url: str | None = Field(
        default=None,
        description="override of the QR code service's URL (ends in /qrg-swish/api/); by default "
        "Swish's, or the simulator's beside `base_url`",
    )
    payee_alias: str = Field(
        default=TEST_MERCHANT, pattern=r"^123\d{7}$", description="our Swish number (123xxxxxxx)"
    )
    certificate: Path | None = Field(
        default=None, description="merchant certificate: PKCS#12 (.p12/.pfx) or PEM (cert, key)"
    )
    key: Path | None = Field(default=None, description="PEM private key, if not in `certificate`")
    certificate_password: SecretStr | None = Field(
        default=None, description="password of the PKCS#12 file or the encrypted PEM key"
    )
    ca_file: Path | None = Field(
        default=None,
        description="PEM of the root(s) Swish's server certificate must chain to (only these are "
        "trusted); required for test and production",
    )
    callback_url: str = Field(
        default=DEFAULT_CALLBACK_URL,
        description="HTTPS URL of the backoffice's /api/swish/callback",
    )
    callback_identifier: SecretStr | None = Field(
        default=None,
        min_length=32,
        max_length=36,
        description="32-36 characters Swish echoes in a callback header (the backoffice checks it)",
    )
    request_timeout: float = Field(default=10.0, gt=0, le=60)
    poll_interval: float = Field(default=1.0, gt=0, le=30, description="first status poll delay")
    poll_max_interval: float = Field(default=5.0, gt=0, le=60, description="backoff ceiling")

    @model_validator(mode="after")
    def _real_environments_need_certificates(self) -> Self:
        if self.environment != "simulator":
            if self.certificate is None or self.ca_file is None:
                raise ValueError(f"swish.{self.environment} needs certificate and ca_file")
            if not self.callback_url.startswith("https://"):
                raise ValueError("swish.callback_url must be HTTPS")
        return self

    @property
    def effective_base_url(self) -> str:
        url = self.base_url or BASE_URLS[self.environment]
        return url if url.endswith("/") else url + "/"

    @property
    def effective_qr_url(self) -> str:
        url = self.qr_url
        if url is None and self.environment == "simulator" and self.base_url is not None:
            url = self.effective_base_url.replace("/swish-cpcapi/api/", "/qrg-swish/api/")
        url = url or QR_URLS[self.environment]
        return url if url.endswith("/") else url + "/"

    @property
    def effective_certificate(self) -> Path:
        return self.certificate or SIMULATOR_CERT_DIR / "merchant.p12"

    @property
    def effective_ca_file(self) -> Path:
        return self.ca_file or SIMULATOR_CERT_DIR / "ca.pem"

    @property
    def effective_password(self) -> str | None:
        if self.certificate_password is not None:
            return self.certificate_password.get_secret_value()
        return SIMULATOR_P12_PASSWORD if self.certificate is None else None
