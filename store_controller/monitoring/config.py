"""The `[monitoring]` section: temperature limits per thermometer and how long a scanner may be
away before volunteers hear about it."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class TemperatureLimits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min_celsius: float | None = None
    max_celsius: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if (
            self.min_celsius is not None
            and self.max_celsius is not None
            and self.min_celsius >= self.max_celsius
        ):
            raise ValueError("min_celsius must be below max_celsius")
        return self

    def allows(self, celsius: float) -> bool:
        too_cold = self.min_celsius is not None and celsius < self.min_celsius
        too_warm = self.max_celsius is not None and celsius > self.max_celsius
        return not (too_cold or too_warm)


class MonitoringConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    limits: dict[str, TemperatureLimits] = Field(
        default_factory=dict, description="per thermometer name, e.g. [monitoring.limits.freezer]"
    )
    readings_before_alert: int = Field(
        default=2, ge=1, le=60, description="consecutive readings out of range before an alert"
    )
    scanner_grace_s: float = Field(
        default=60.0, ge=0, description="a scanner away this long raises an alert"
    )
