"""Reading the outbox for a push and marking what the backoffice acknowledged (blocking I/O:
called through `asyncio.to_thread`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import Row, bindparam, func, insert, select, text, update

from retail import wire
from store_controller.db.sessions import engine_of
from store_controller.db.tables import outbox as OUTBOX  # noqa: N812 - a table, as in SQL

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

# Core statements on the outbox table, built once: the push every few seconds and the heartbeat
# do not load the ORM (memory on a Pi 3, issue 23). Same statements as the ORM's were.
_C = OUTBOX.c
_UNACKED = (
    select(_C.seq, _C.kind, _C.payload, _C.created_at)
    .where(_C.acked_at.is_(None))
    .order_by(_C.seq)
    .limit(bindparam("max_entries"))
)
_QUARANTINE = (
    update(OUTBOX)
    .where(_C.seq.in_(bindparam("refused", expanding=True)), _C.quarantined_at.is_(None))
    .values(quarantined_at=bindparam("now"))
)
_ACK = (
    update(OUTBOX)
    .where(_C.seq <= bindparam("through"), _C.acked_at.is_(None))
    .values(acked_at=bindparam("now"))
)
_QUARANTINED = select(_C.seq).where(_C.quarantined_at.is_not(None)).order_by(_C.seq)
_BACKLOG = select(func.count()).select_from(OUTBOX).where(_C.acked_at.is_(None))
_HIGHEST = select(func.max(_C.seq))


def read_batch(
    sessions: Sessions, *, max_entries: int, max_bytes: int, backlog_entries: int = 0
) -> list[BatchEntry]:
    """The oldest unacknowledged entries: consecutive, at most `max_entries` and about
    `max_bytes` of JSON (always at least one entry, however large). A row that fails the
    wire's checks comes as `Unchecked`.

    While a backlog waits (at least two batches of `max_entries`, as after an outage), at most
    `backlog_entries` instead, when that is more: the backoffice spends less per entry on
    larger pushes, and a backlog is when that counts."""
    larger = backlog_entries > max_entries
    limit = max(backlog_entries, 2 * max_entries) if larger else max_entries
    with engine_of(sessions).connect() as connection:
        rows = connection.execute(_UNACKED, {"max_entries": limit}).all()
    rows = rows[: backlog_entries if larger and len(rows) >= 2 * max_entries else max_entries]
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


def _entry(row: Row[Any, Any, Any, Any]) -> BatchEntry:
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
    with engine_of(sessions).begin() as connection:
        if refused:
            connection.execute(_QUARANTINE, {"refused": refused, "now": now})
        result = connection.execute(_ACK, {"through": through, "now": now})
        return int(result.rowcount)


def quarantined(sessions: Sessions) -> list[int]:
    """The sequence numbers the backoffice keeps in quarantine, oldest first."""
    with engine_of(sessions).connect() as connection:
        return list(connection.scalars(_QUARANTINED))


def backlog(sessions: Sessions) -> int:
    """How many entries wait for the backoffice."""
    with engine_of(sessions).connect() as connection:
        return int(connection.scalar(_BACKLOG) or 0)


def highest_seq(sessions: Sessions) -> int:
    with engine_of(sessions).connect() as connection:
        return int(connection.scalar(_HIGHEST) or 0)


def enqueue(sessions: Sessions, payload: wire.CommandAck, *, now: datetime) -> int:
    """Queue a message of sync's own (a command ack that could not be sent directly)."""
    row = {"kind": payload.kind, "payload": payload.model_dump(mode="json"), "created_at": now}
    with engine_of(sessions).begin() as connection:
        seq = connection.execute(insert(OUTBOX), row).inserted_primary_key
        assert seq is not None
        return int(seq[0])


def continue_after(sessions: Sessions, last_seq: int) -> int:
    """Number this outbox after `last_seq` if the backoffice holds more than it ever wrote.

    At enrollment the backoffice says how far the store's sequence got. A database that is
    behind it is a fresh one (a re-imaged Pi): its entries would read as replays and be dropped,
    so they are shifted past `last_seq`, and so is the counter for new ones. Returns the shift
    (0 when this database is the one the backoffice knows). SQLite only, like the controller.
    """
    with engine_of(sessions).begin() as connection:
        highest = int(connection.scalar(_HIGHEST) or 0)
        counter = connection.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
        ).scalar()
        if max(highest, int(counter or 0)) >= last_seq:
            return 0
        connection.execute(update(OUTBOX).values(seq=_C.seq + last_seq))
        connection.execute(text("DELETE FROM sqlite_sequence WHERE name = 'outbox'"))
        connection.execute(
            text("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', :seq)"),
            {"seq": highest + last_seq},
        )
        return last_seq
