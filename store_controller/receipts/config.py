"""The `[receipts]` section: who issues the receipts, where phones fetch them, delivery options."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SmtpConfig(_Section):
    """Sending receipts by e-mail (optional)."""

    host: str
    port: int = Field(default=587, ge=1, le=65535)
    sender: str = Field(description="the From address, e.g. kvitto@byabutiken.se")
    username: str | None = None
    password: SecretStr | None = None
    starttls: bool = True
    timeout_s: float = Field(default=10.0, gt=0, le=60)


class PrinterConfig(_Section):
    """An ESC/POS receipt printer (optional): a device file such as /dev/usb/lp0."""

    device: str = Field(description="file the printer's bytes are written to")
    width: int = Field(default=42, ge=24, le=64, description="characters per line")


class ReceiptConfig(_Section):
    """What every receipt must say about the seller (SKVFS 2014:9 7:1), and how it is delivered."""

    org_number: str = Field(
        default="", max_length=20, description="organisationsnummer of the seller"
    )
    address: str = Field(default="", max_length=200, description="address of the place of sale")
    base_url: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="absolute URL the receipt QR points to (the controller's LAN address or "
        "the backoffice's public URL + /receipt/<store>); unset = http://<http.host>:<http.port>",
    )
    smtp: SmtpConfig | None = None
    printer: PrinterConfig | None = None
