"""What became of the last request to rotate each device's key (a `rotate_token` command for
it): still waiting for the store, expired unanswered (the store was offline for the command's
whole lifetime: the owner asks again when it is back), or refused by the controller. A request
the controller carried out leaves its device row revoked and replaced, so it has no state."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.commands.models import StoreCommand
from backoffice.commands.service import PENDING
from backoffice.devices.reasons import explain
from retail import wire


class Outcome(enum.StrEnum):
    PENDING = "pending"
    EXPIRED = "expired"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class RotationRequest:
    asked_at: datetime
    ends_at: datetime  # pending: when it will expire; expired: when it did; rejected: when
    outcome: Outcome
    detail: str = ""  # the controller's reason for refusing

    @property
    def explanation(self) -> str | None:
        """A refusal's reason in the owner's words (a message id), when it is a known one."""
        return explain(self.detail) if self.outcome is Outcome.REJECTED else None


def _outcome(command: StoreCommand, now: datetime) -> Outcome | None:
    if command.status == PENDING:
        return Outcome.PENDING if command.expires_at > now else Outcome.EXPIRED
    if command.status == wire.CommandStatus.EXPIRED:
        return Outcome.EXPIRED
    if command.status == wire.CommandStatus.REJECTED:
        return Outcome.REJECTED
    return None  # done: the device row was replaced


def _ends_at(command: StoreCommand, outcome: Outcome) -> datetime:
    if outcome is Outcome.REJECTED and command.acked_at is not None:
        return command.acked_at
    return command.expires_at


def last_requests(
    session: Session, store_id: int, device_ids: Iterable[int], now: datetime
) -> dict[int, RotationRequest]:
    """Per device of `device_ids` asked to rotate, the last such request still of note."""
    wanted = set(device_ids)
    if not wanted:
        return {}
    commands = session.scalars(
        select(StoreCommand)
        .where(
            StoreCommand.store_id == store_id,
            StoreCommand.body["action"].as_string() == wire.ROTATE_TOKEN,
        )
        .order_by(StoreCommand.issued_at.desc())
    )
    found: dict[int, RotationRequest] = {}
    seen: set[int] = set()
    for command in commands:
        device_id = command.body.get("device_id")
        if not isinstance(device_id, int) or device_id not in wanted or device_id in seen:
            continue
        seen.add(device_id)
        outcome = _outcome(command, now)
        if outcome is not None:
            found[device_id] = RotationRequest(
                asked_at=command.issued_at,
                ends_at=_ends_at(command, outcome),
                outcome=outcome,
                detail=command.detail,
            )
    return found
