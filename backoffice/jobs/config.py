"""The backoffice's `jobs` settings (`BYABUTIK_BACKOFFICE_JOBS__RUNNER` and so on)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class JobSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    runner: Literal["auto", "local", "workers"] = Field(
        default="auto",
        description="workers: separate `byabutik backoffice worker` processes (PostgreSQL only); "
        "local: in the web process; auto: workers on PostgreSQL, local on SQLite",
    )
    rules_every_seconds: int = Field(
        default=20, ge=1, le=3600, description="how often the alert rules run (divides 60)"
    )
    visit_retention_days: int = Field(
        default=90,
        ge=1,
        le=3650,
        description="door visit records older than this many days are deleted (a daily job)",
    )
    reminder_days: int = Field(
        default=7,
        ge=0,
        le=365,
        description="days after its due date an unpaid invoice gets one e-mailed reminder",
    )
