"""What the alerts API reads and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]
StatusFilter = Literal["active", "open", "acknowledged", "resolved", "all"]
SeverityName = Literal["critical", "warning", "info"]


class AcknowledgeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    by: Name = Field(description="who is on it (a person's name until sign-in exists)")


class ResolveBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    by: Name
    note: Note = Field(default="", description="what was done")


class AlertEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    action: str
    actor: str | None
    severity: str
    detail: str


class AlertRead(BaseModel):
    id: int
    store: str = Field(description="the store's slug")
    kind: str
    source: str
    severity: str
    status: str
    message: str
    count: int
    first_seen: datetime
    last_seen: datetime
    opened_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    resolved_by: str | None = Field(description="None when resolved by its rule")
    resolved_at: datetime | None
    resolution_note: str | None


class AlertDetail(AlertRead):
    history: list[AlertEventRead]


class AlertList(BaseModel):
    alerts: list[AlertRead]
