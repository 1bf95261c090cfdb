"""What the contacts and rota API reads and answers."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

Severity = Literal["critical", "warning", "info"]
Channel = Literal["email", "sms", "ntfy", "webhook", "push"]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Phone = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{6,14}$")]
Email = Annotated[str, StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Topic = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


class PushSubscription(BaseModel):
    model_config = ConfigDict(extra="allow")

    endpoint: AnyHttpUrl
    keys: dict[Literal["p256dh", "auth"], Annotated[str, StringConstraints(max_length=200)]]


class ContactWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    email: Email | None = None
    phone: Phone | None = Field(default=None, description="E.164, e.g. +46701234567")
    ntfy_topic: Topic | None = None
    webhook_url: AnyHttpUrl | None = None
    push_subscription: PushSubscription | None = None
    severities: list[Severity] = Field(default=["critical", "warning"], min_length=1)
    channels: list[Channel] = Field(default=["email"], min_length=1)
    quiet_from: time | None = None
    quiet_until: time | None = None
    rota_order: int = Field(default=0, ge=0, le=1000)
    person_id: int | None = None

    @model_validator(mode="after")
    def _quiet_hours_both_or_neither(self) -> Self:
        if (self.quiet_from is None) != (self.quiet_until is None):
            raise ValueError("quiet_from and quiet_until go together")
        return self

    def columns(self) -> dict[str, Any]:
        values = self.model_dump(mode="json", exclude={"severities", "channels"})
        for key in ("quiet_from", "quiet_until"):
            values[key] = getattr(self, key)
        values["severities"] = ",".join(dict.fromkeys(self.severities))
        values["channels"] = ",".join(dict.fromkeys(self.channels))
        return values


class ContactRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    email: str | None
    phone: str | None
    ntfy_topic: str | None
    webhook_url: str | None
    has_push: bool
    severities: str
    channels: str
    quiet_from: time | None
    quiet_until: time | None
    rota_order: int
    person_id: int | None
    active: bool


class ShiftWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact_id: int
    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    starts: time
    ends: time = Field(description="at or before `starts`: the shift runs past midnight")


class ExceptionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact_id: int
    starts_at: datetime
    ends_at: datetime

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise ValueError("give the instants with their UTC offset")
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class Rota(BaseModel):
    shifts: list[ShiftWrite]
    exceptions: list[ExceptionWrite]
    on_watch: int | None = Field(description="the contact on watch now, if anyone")
