"""BankID configuration: which environment, the relying party's certificate and the timing.

The controller's TOML file holds this under `[bankid]`. The simulator's defaults match the files
`byabutik simulate bankid` writes into its default certificate folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

Environment = Literal["production", "test", "simulator"]

BASE_URLS: dict[Environment, str] = {
    "production": "https://appapi2.bankid.com/rp/v6.0/",
    "test": "https://appapi2.test.bankid.com/rp/v6.0/",
    "simulator": "https://127.0.0.1:8444/rp/v6.0/",
}

# SHA-256 of BankID's SSL root CAs (reference section 8.2); a configured ca_file must match.
ROOT_CA_SHA256: dict[Environment, str] = {
    "production": (
        "E6:A2:D4:5C:0A:10:51:C9:59:42:86:49:F8:6A:09:A9:"
        "B2:15:2C:D5:51:99:3C:C2:EB:4C:F0:94:BD:AC:BE:CB"
    ),
    "test": (
        "F3:D0:74:0E:BF:B3:70:0E:3B:81:AA:79:1F:EE:45:14:"
        "72:69:8C:84:E1:99:C2:EB:48:A4:43:FF:1D:5B:40:5C"
    ),
}

SIMULATOR_CERT_DIR = Path("var/bankid-simulator")
SIMULATOR_P12_PASSWORD = "qwerty123"  # noqa: S105 - the throw-away simulator's well-known password


class BankIdConfig(BaseModel):
    """Where BankID is, who we are to it, and how often and how long we ask."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    environment: Environment = "simulator"
    base_url: str | None = Field(
        default=None, description="override of the environment's RP API URL (ends in /rp/v6.0/)"
    )
    certificate: Path | None = Field(
        default=None, description="RP certificate: PKCS#12 (.p12/.pfx) or PEM (cert, maybe key)"
    )
    key: Path | None = Field(default=None, description="PEM private key, if not in `certificate`")
    certificate_password: SecretStr | None = Field(
        default=None, description="password of the PKCS#12 file or the encrypted PEM key"
    )
    ca_file: Path | None = Field(
        default=None,
        description="PEM of the server's root CA (pinned); test and production default to "
        "BankID's roots shipped with Byabutik",
    )
    request_timeout: float = Field(default=10.0, gt=0, le=120)
    collect_interval: float = Field(default=2.0, ge=1.0, le=10.0)
    order_timeout: float = Field(
        default=180.0, gt=0, description="the flow gives up (and cancels) after this many seconds"
    )
    maintenance_retries: int = Field(default=2, ge=0, le=5)
    maintenance_backoff: float = Field(default=1.0, ge=0)

    @model_validator(mode="after")
    def _real_environments_need_a_certificate(self) -> Self:
        if self.environment != "simulator" and self.certificate is None:
            raise ValueError(f"bankid.{self.environment} needs the RP certificate")
        return self

    @property
    def effective_base_url(self) -> str:
        url = self.base_url or BASE_URLS[self.environment]
        return url if url.endswith("/") else url + "/"

    @property
    def effective_certificate(self) -> Path:
        return self.certificate or SIMULATOR_CERT_DIR / "rp.p12"

    def root_pem(self) -> bytes:
        """The configured root CA file, else the packaged BankID root (or the simulator's CA)."""
        if self.ca_file is not None:
            return self.ca_file.read_bytes()
        if self.environment == "simulator":
            return (SIMULATOR_CERT_DIR / "ca.pem").read_bytes()
        root = resources.files("bankid_rp.roots") / f"bankid-{self.environment}-root.pem"
        return root.read_bytes()

    @property
    def effective_password(self) -> str | None:
        if self.certificate_password is not None:
            return self.certificate_password.get_secret_value()
        return SIMULATOR_P12_PASSWORD if self.certificate is None else None

    @property
    def pinned_root_sha256(self) -> str | None:
        return ROOT_CA_SHA256.get(self.environment)
