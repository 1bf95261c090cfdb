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


class StoreAnswerRead(BaseModel):
    """A forced-door acknowledgement sent to the store and its answer (`pending`, `done`,
    `rejected` with the reason, `expired`)."""

    model_config = ConfigDict(from_attributes=True)

    command_id: str
    issued_at: datetime
    issued_by: str
    status: str
    detail: str
    acked_at: datetime | None


class AlertDetail(AlertRead):
    history: list[AlertEventRead]
    store_answers: list[StoreAnswerRead] = Field(
        default_factory=list, description="door_forced only: what the store said to each ack"
    )


class AlertList(BaseModel):
    alerts: list[AlertRead]
