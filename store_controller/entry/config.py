"""Entry at the door screen: `[entry]` in the controller's TOML (every key optional)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, IPvAnyAddress


class EntryConfig(BaseModel):
    """How the door screen runs a BankID login.

    * `end_user_ip`: what BankID is told as the user's IP for the door screen's QR orders: the
      store's public IP in production, 127.0.0.1 with the simulator. Same-device logins from a
      phone use the phone's address as the controller sees it.
    * `result_s`: how long the welcome or refusal stays on screen before the idle screen.
    * `failed_s`: how long a failed login (with its retry button) stays before the idle screen.
    * `max_phone_logins`: same-device logins running at once (a small store, a few phones).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    end_user_ip: IPvAnyAddress = Field(default="127.0.0.1")  # type: ignore[assignment]
    result_s: float = Field(default=8.0, gt=0, le=120)
    failed_s: float = Field(default=30.0, gt=0, le=600)
    max_phone_logins: int = Field(default=4, ge=1, le=32)
