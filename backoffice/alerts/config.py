"""The backoffice's `alerts` settings: thresholds of the rules it runs itself.

Environment variables `BYABUTIK_BACKOFFICE_ALERTS__OFFLINE_MINUTES` and so on.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AlertRuleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    offline_minutes: int = Field(
        default=3, ge=1, le=1440, description="a store with no heartbeat this long is offline"
    )
    backlog_min: int = Field(
        default=100, ge=1, description="outbox entries at which a growing backlog is raised"
    )
    backlog_window_minutes: int = Field(
        default=15, ge=2, le=1440, description="how far back a backlog must have been growing"
    )
    clock_skew_seconds: int = Field(
        default=120, ge=5, description="the store's clock this far off ours raises an alert"
    )
    no_sale_weeks: int = Field(
        default=4, ge=2, le=12, description="weeks of the same weekday-hour that make it usual"
    )
    no_sale_usual_weeks: int = Field(
        default=3, ge=1, le=12, description="how many of those weeks must have had a sale"
    )
