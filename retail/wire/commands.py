"""Commands the backoffice sends a store, and the store's acknowledgements."""

from __future__ import annotations

import enum
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import Field, model_validator

from retail.enum_value import read_value_in_c
from retail.wire.common import Name, SafeText, StrictBool, StrictInt, UtcDateTime, WireModel


class RemoteUnlock(WireModel):
    """Unlock the door once, for `seconds`."""

    action: Literal["remote_unlock"] = "remote_unlock"
    seconds: Annotated[StrictInt, Field(ge=1, le=30)] = 5


class LockDown(WireModel):
    """Refuse every entry (`on`), or return to the access policy."""

    action: Literal["lock_down"] = "lock_down"
    on: StrictBool


class ReloadSettings(WireModel):
    """Pull catalog changes and settings now."""

    action: Literal["reload_settings"] = "reload_settings"


class Resync(WireModel):
    """Pull the full catalog again, and resend unacknowledged outbox entries."""

    action: Literal["resync"] = "resync"


class AcknowledgeForced(WireModel):
    """A person has seen the forced-door alarm: clear the latch (refused while the door still
    stands open)."""

    action: Literal["acknowledge_forced"] = "acknowledge_forced"


ROTATE_TOKEN = "rotate_token"  # noqa: S105 - a feature name, not a secret
"""The feature a controller names on its catalog pull when it obeys `RotateToken`: the command
goes only to the device it names, and the owner's page offers it only to a device naming this
(an older controller refuses a command list holding an action it does not know)."""


class RotateToken(WireModel):
    """Swap this device's token: the device named calls `POST /device/rotate` and keeps the new
    token (the backoffice refuses the old one from the new one's first request on)."""

    action: Literal["rotate_token"] = "rotate_token"
    device_id: Annotated[StrictInt, Field(ge=1)]


CommandBody = Annotated[
    RemoteUnlock | LockDown | ReloadSettings | Resync | AcknowledgeForced | RotateToken,
    Field(discriminator="action"),
]


class Command(WireModel):
    """A command for one store; a store ignores it after `expires_at` (and says so)."""

    command_id: UUID
    issued_at: UtcDateTime
    expires_at: UtcDateTime
    issued_by: Name
    body: CommandBody

    @model_validator(mode="after")
    def _expires_after_issue(self) -> Self:
        if self.expires_at <= self.issued_at:
            raise ValueError("a command expires after it is issued")
        return self


class CommandList(WireModel):
    """The pending commands a store pulls."""

    commands: Annotated[tuple[Command, ...], Field(max_length=100)] = ()


@read_value_in_c
class CommandStatus(enum.StrEnum):
    """What became of a command."""

    DONE = "done"
    REJECTED = "rejected"
    EXPIRED = "expired"


class CommandAck(WireModel):
    """The store's answer to a command, sent through the outbox."""

    kind: Literal["command_ack"] = "command_ack"
    command_id: UUID
    status: CommandStatus
    at: UtcDateTime
    detail: SafeText = ""
