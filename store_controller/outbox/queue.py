"""Queue a wire message for the backoffice, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Text, bindparam, insert
from sqlalchemy.engine import Dialect

from retail.wire.events import Alert
from store_controller.db import tables
from store_controller.db.prepared import Prepared, Target, prepared

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    # For annotations only: the sale, Z-report and payment models load with their writers.
    from retail.wire.envelope import OutboxMessage as Message

URGENT = "byabutik.outbox_urgent"
"""Set in a session's `info` when it queued an alert: the sync client, told on commit
(`store_controller.sync.install`), pushes at once instead of at its next interval."""


def enqueue(session: Session, message: Message, *, at: datetime) -> None:
    """Add `message` to the outbox in `session`: it is sent if and only if the session commits.
    An alert marks the session urgent (`URGENT`), so it leaves as soon as it is committed."""
    from store_controller.outbox.models import OutboxEntry  # the ORM, with the first session

    session.add(
        OutboxEntry(kind=message.kind, payload=message.model_dump(mode="json"), created_at=at)
    )
    if isinstance(message, Alert):
        session.info[URGENT] = True


def enqueue_on(connection: Connection, message: Message, *, at: datetime) -> None:
    """`enqueue` as a Core statement in the connection's transaction, without the ORM: the same
    row (the payload through the column's JSON type, as the ORM writes it). Not for an alert,
    which must mark a session urgent (`enqueue`)."""
    if isinstance(message, Alert):
        raise TypeError("an alert is queued in a session (enqueue), which marks it urgent")
    connection.execute(
        insert(tables.outbox),
        {"kind": message.kind, "payload": message.model_dump(mode="json"), "created_at": at},
    )


def _append(dialect: Dialect) -> Prepared:
    """The outbox row with its payload given as JSON text (the column reads it back as JSON)."""
    statement = insert(tables.outbox).values(payload=bindparam("payload", type_=Text()))
    return Prepared(statement, dialect, ("kind", "payload", "created_at"), rows=True)


def enqueue_all(
    connection: Target,
    messages: Sequence[Message | tuple[Message | str, str]],
    *,
    at: datetime,
) -> None:
    """Add `messages` to the outbox in one statement, in the connection's open transaction and
    in their order (their sequence numbers follow it). A message may come with its JSON text
    (of `model_dump(mode="json")`) when the caller has made it already, or as its kind and
    that text, made without a model (a sale's stock movements); the others are serialized by
    pydantic (`model_dump_json`), which reads back as the same JSON."""
    rows = []
    for item in messages:
        if isinstance(item, tuple):
            message, payload = item
            rows.append((message if isinstance(message, str) else message.kind, payload, at))
        else:
            rows.append((item.kind, item.model_dump_json(), at))
    prepared(connection, _append).execute_rows(connection, rows)
