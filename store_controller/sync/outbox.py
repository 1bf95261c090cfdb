"""Reading the outbox for a push and marking what the backoffice acknowledged (blocking I/O:
called through `asyncio.to_thread`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import func, select, text, update

from retail import wire
from store_controller.outbox.models import OutboxEntry as OutboxRow

if TYPE_CHECKING:
    from store_controller.db.sessions import Sessions


log = logging.getLogger(__name__)
ENVELOPE_BYTES = 120
"""A generous estimate of what seq, created_at and the JSON punctuation add per entry."""


class PoisonEntry(Exception):  # noqa: N818 - it is a thing found, not an act failing
    """Kept for callers that catch it: a row failing our checks is now sent as it is (an
    `Unchecked` entry) for the backoffice to quarantine, instead of blocking the queue."""


Unchecked = dict[str, Any]
"""An outbox row that is not a valid wire entry by this controller's checks, as JSON: sent as
it is, so that the backoffice quarantines it (and the owner sees why) instead of it blocking
every later entry."""

BatchEntry = wire.OutboxEntry | Unchecked


def read_batch(sessions: Sessions, *, max_entries: int, max_bytes: int) -> list[BatchEntry]:
    """The oldest unacknowledged entries: consecutive, at most `max_entries` and about
    `max_bytes` of JSON (always at least one entry, however large). A row that fails the
    wire's checks comes as `Unchecked`."""
    with sessions() as session:
        rows = session.scalars(
            select(OutboxRow)
            .where(OutboxRow.acked_at.is_(None))
            .order_by(OutboxRow.seq)
            .limit(max_entries)
        ).all()
    entries: list[BatchEntry] = []
    size = 0
    for row in rows:
        if entries and row.seq != seq_of(entries[-1]) + 1:
            break
        size += len(json.dumps(row.payload, separators=(",", ":"))) + ENVELOPE_BYTES
        if entries and size > max_bytes:
            break
        entries.append(_entry(row))
    return entries


def seq_of(entry: BatchEntry) -> int:
    return entry.seq if isinstance(entry, wire.OutboxEntry) else int(entry["seq"])


def _entry(row: OutboxRow) -> BatchEntry:
    try:
        return wire.OutboxEntry.model_validate(
            {"seq": row.seq, "created_at": row.created_at, "payload": row.payload}
        )
    except ValueError as exc:
        log.error(
            "outbox entry %d (%s) fails the wire's checks; sent for the backoffice to "
            "quarantine: %s",
            row.seq,
            row.kind,
            wire.describe(exc) if isinstance(exc, ValidationError) else type(exc).__name__,
        )
        created = row.created_at
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        return {"seq": row.seq, "created_at": created.isoformat(), "payload": row.payload}


def mark_acked(
    sessions: Sessions,
    *,
    through: int,
    now: datetime,
    quarantined: Iterable[int] = (),
) -> int:
    """Mark every entry up to `through` as held by the backoffice, and those it named as
    quarantined as such (nothing is deleted); how many were newly marked held."""
    refused = sorted({seq for seq in quarantined if seq <= through})
    with sessions.begin() as session:
        if refused:
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.seq.in_(refused), OutboxRow.quarantined_at.is_(None))
                .values(quarantined_at=now)
            )
        result = session.execute(
            update(OutboxRow)
            .where(OutboxRow.seq <= through, OutboxRow.acked_at.is_(None))
            .values(acked_at=now)
        )
        return int(getattr(result, "rowcount", 0))


def quarantined(sessions: Sessions) -> list[int]:
    """The sequence numbers the backoffice keeps in quarantine, oldest first."""
    with sessions() as session:
        query = select(OutboxRow.seq).where(OutboxRow.quarantined_at.is_not(None))
        return list(session.scalars(query.order_by(OutboxRow.seq)))


def backlog(sessions: Sessions) -> int:
    """How many entries wait for the backoffice."""
    with sessions() as session:
        query = select(func.count()).select_from(OutboxRow).where(OutboxRow.acked_at.is_(None))
        return int(session.scalar(query) or 0)


def highest_seq(sessions: Sessions) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.max(OutboxRow.seq))) or 0)


def enqueue(sessions: Sessions, payload: wire.CommandAck, *, now: datetime) -> int:
    """Queue a message of sync's own (a command ack that could not be sent directly)."""
    with sessions.begin() as session:
        row = OutboxRow(kind=payload.kind, payload=payload.model_dump(mode="json"), created_at=now)
        session.add(row)
        session.flush()
        return row.seq


def continue_after(sessions: Sessions, last_seq: int) -> int:
    """Number this outbox after `last_seq` if the backoffice holds more than it ever wrote.

    At enrollment the backoffice says how far the store's sequence got. A database that is
    behind it is a fresh one (a re-imaged Pi): its entries would read as replays and be dropped,
    so they are shifted past `last_seq`, and so is the counter for new ones. Returns the shift
    (0 when this database is the one the backoffice knows). SQLite only, like the controller.
    """
    with sessions.begin() as session:
        highest = int(session.scalar(select(func.max(OutboxRow.seq))) or 0)
        counter = session.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
        ).scalar()
        if max(highest, int(counter or 0)) >= last_seq:
            return 0
        session.execute(update(OutboxRow).values(seq=OutboxRow.seq + last_seq))
        session.execute(text("DELETE FROM sqlite_sequence WHERE name = 'outbox'"))
        session.execute(
            text("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', :seq)"),
            {"seq": highest + last_seq},
        )
        return last_seq
