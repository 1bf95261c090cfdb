"""The `[checkout]` section of the controller's settings."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SimulatedPaymentConfig(_Section):
    """How the simulated payment provider (tests and the demo only) answers."""

    auto_approve_after_s: float | None = Field(
        default=None,
        ge=0,
        le=600,
        description="approve every request after this many seconds; unset = the kiosk's pay button",
    )


class CheckoutConfig(_Section):
    """One self-scan register: its id in the receipt series, timers and payment provider."""

    register_id: str = Field(default="kassa-1", pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    idle_abandon_minutes: float = Field(
        default=5.0, gt=0, le=240, description="a cart untouched this long is abandoned"
    )
    z_report_hour: int = Field(
        default=0, ge=0, le=23, description="local hour at which the day's Z-report is closed"
    )
    timezone: str = Field(default="Europe/Stockholm", description="the store's local time zone")
    payment_provider: Literal["simulated", "swish"] = Field(
        default="simulated", description="the default way to pay: Swish ([swish]) or simulated"
    )
    member_account: bool = Field(
        default=False,
        description="also offer the member account (approved members sign with BankID)",
    )
    simulated_payment: SimulatedPaymentConfig = SimulatedPaymentConfig()
    payment_timeout_s: float = Field(default=180.0, gt=0, le=900)
    payment_unresolved_alert_minutes: float = Field(
        default=10.0,
        gt=0,
        le=24 * 60,
        description="alert the owner when a payment's outcome is still unknown after this long",
    )
    payment_recovery_max_interval_s: float = Field(
        default=60.0,
        ge=0.1,
        le=3600,
        description="longest wait between two checks of an unresolved payment (backoff cap)",
    )
    age_check_timeout_s: float = Field(default=180.0, gt=0, le=900)
    demo_catalog: bool = Field(
        default=False, description="fill an empty catalog with the demo assortment at start"
    )
