"""Commands for a store: issue, list the pending ones, record the store's acknowledgement."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.commands.models import StoreCommand
from backoffice.devices.service import same_controller
from backoffice.errors import NotFoundError
from retail import wire

PENDING = "pending"
DEFAULT_COMMAND_TTL = timedelta(minutes=10)
MAX_PENDING = 100
_BODY: TypeAdapter[wire.CommandBody] = TypeAdapter(wire.CommandBody)


def issue_command(
    *,
    session: Session,
    store_id: int,
    body: wire.CommandBody,
    issued_by: str,
    now: datetime,
    ttl: timedelta = DEFAULT_COMMAND_TTL,
) -> wire.Command:
    command = wire.Command(
        command_id=uuid.uuid4(),
        issued_at=now,
        expires_at=now + ttl,
        issued_by=issued_by,
        body=body,
    )
    session.add(
        StoreCommand(
            command_id=command.command_id,
            store_id=store_id,
            issued_at=command.issued_at,
            expires_at=command.expires_at,
            issued_by=issued_by,
            body=body.model_dump(mode="json"),
        )
    )
    session.flush()
    return command


def pending_commands(
    *, session: Session, store_id: int, now: datetime, device_id: int | None = None
) -> wire.CommandList:
    """The store's pending commands; a `rotate_token` only for the device it names (another
    controller of the store, maybe older, neither obeys nor needs to parse it)."""
    query = (
        select(StoreCommand)
        .where(
            StoreCommand.store_id == store_id,
            StoreCommand.status == PENDING,
            StoreCommand.expires_at > now,
        )
        .order_by(StoreCommand.issued_at)
        .limit(MAX_PENDING)
    )
    rows = [row for row in session.scalars(query) if _for_device(row.body, device_id)]
    return wire.CommandList(commands=tuple(_to_wire(row) for row in rows))


def _for_device(body: dict[str, object], device_id: int | None) -> bool:
    return body.get("action") != wire.ROTATE_TOKEN or body.get("device_id") == device_id


def _to_wire(row: StoreCommand) -> wire.Command:
    return wire.Command(
        command_id=row.command_id,
        issued_at=row.issued_at,
        expires_at=row.expires_at,
        issued_by=row.issued_by,
        body=_BODY.validate_python(row.body),
    )


def record_ack(
    *,
    session: Session,
    store_id: int,
    ack: wire.CommandAck,
    strict: bool = False,
    device_id: int | None = None,
) -> None:
    """Record what became of a command; a repeated ack changes nothing.

    `strict` (the direct endpoint) answers 404 for a command this store does not have; through
    the outbox an unknown command is ignored, since the batch must still apply. A command for
    one device (`rotate_token`) is this store's only when `device_id`, the acking device, is
    that controller (the device it names or the key it rotated to): another controller of the
    store was never sent it and may not settle it.
    """
    row = session.get(StoreCommand, ack.command_id)
    if row is None or row.store_id != store_id or not _from_named(session, row, device_id):
        if strict:
            raise NotFoundError(f"no command {ack.command_id} for this store")
        return
    if row.status == PENDING:
        row.status = str(ack.status)
        row.acked_at = ack.at
        row.detail = ack.detail
        session.flush()


def _from_named(session: Session, row: StoreCommand, device_id: int | None) -> bool:
    named = row.body.get("device_id") if row.body.get("action") == wire.ROTATE_TOKEN else None
    if device_id is None or not isinstance(named, int):
        return True
    return same_controller(session, device_id, named)


def command_status(*, session: Session, command_id: uuid.UUID) -> StoreCommand | None:
    return session.get(StoreCommand, command_id)
