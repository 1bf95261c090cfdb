"""A forced-door alarm latches at the store until a person acknowledges it: acknowledging the
store's `door_forced` case in the backoffice sends the store an `AcknowledgeForced` command (the
same channel as remote unlock), audited; the store's answer comes back as the command's ack and
shows on the alert (refused while the door still stands open, and the alarm stays latched)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.alerts.models import AlertCase
from backoffice.audit.service import Actor, record
from backoffice.commands.models import StoreCommand
from backoffice.commands.service import issue_command
from retail import wire

KIND = "door_forced"
ACTION = "door.acknowledge_forced"
WIRE_ACTION = "acknowledge_forced"


@dataclass(frozen=True)
class StoreAnswer:
    """One acknowledgement sent down and what the store made of it (`pending` until it says)."""

    command_id: str
    issued_at: datetime
    issued_by: str
    status: str
    detail: str
    acked_at: datetime | None


def send_to_store(
    session: Session, case: AlertCase, *, actor: Actor, by: str, now: datetime
) -> wire.Command | None:
    """For a forced-door case, the command that clears the store's latch (None for any other
    kind); audited with the command's id. The caller commits."""
    if case.kind != KIND:
        return None
    command = issue_command(
        session=session,
        store_id=case.store_id,
        body=wire.AcknowledgeForced(),
        issued_by=by[:64],
        now=now,
    )
    record(
        session,
        actor=actor,
        action=ACTION,
        now=now,
        store_id=case.store_id,
        target=str(case.id),
        after={"command_id": str(command.command_id), "by": by},
    )
    return command


def store_answers(session: Session, case: AlertCase) -> list[StoreAnswer]:
    """The acknowledgements sent to the store for this case, oldest first."""
    if case.kind != KIND:
        return []
    rows = session.scalars(
        select(StoreCommand)
        .where(StoreCommand.store_id == case.store_id, StoreCommand.issued_at >= case.opened_at)
        .order_by(StoreCommand.issued_at)
    )
    return [
        StoreAnswer(
            command_id=str(row.command_id),
            issued_at=row.issued_at,
            issued_by=row.issued_by,
            status=row.status,
            detail=row.detail,
            acked_at=row.acked_at,
        )
        for row in rows
        if row.body.get("action") == WIRE_ACTION
    ]
