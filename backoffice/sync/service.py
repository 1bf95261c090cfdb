"""Apply a push batch: once per (store, seq), in one transaction, answering the contiguous mark.

Concurrency: the first statement upserts the store's cursor row and the second locks it
(`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the INSERT already takes the database's write
lock). Two pushes of one store therefore run one after the other, while pushes of different
stores never wait for each other: every row they write is keyed by their own store, and on-hand
rows are updated in sorted order. The (store, seq) primary key stays the last word: should two
pushes ever overlap, the loser fails on the key and its retry finds the entries held.
"""

from __future__ import annotations

from collections import abc, defaultdict
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from backoffice.alerts.service import record_alert
from backoffice.barcodes.service import record_unknown_barcodes
from backoffice.commands.service import record_ack
from backoffice.db.bulk import among
from backoffice.db.dialect import insert_tuples, pg_connection, upsert_insert
from backoffice.devices.heartbeat import note_heartbeat
from backoffice.heartbeats.service import record_heartbeat
from backoffice.members.feed import book_account_payments
from backoffice.payments.records import record_payments
from backoffice.sales.models import Sale
from backoffice.sales.service import record_sales
from backoffice.stock.models import StockMovement
from backoffice.stock.service import record_movements
from backoffice.sync import statements
from backoffice.sync.dedupe import stored_keys
from backoffice.sync.models import ReceivedEntry, SyncCursor
from backoffice.sync.quarantine import (
    CONFLICT,
    REFUSED,
    digest_of_json,
    digests_of,
    identities_of,
    quarantine,
)
from backoffice.visits.models import Visit
from backoffice.visits.service import record_visits
from backoffice.zreports.service import record_z_report
from retail import wire

ADVANCE_CHUNK = 1000
GROUPED = frozenset({"sale", "stock_movement", "visit", "unknown_barcode", "payment"})
"""The kinds `apply_entries` applies in bulk, a list of each."""
RECEIVED_COLUMNS = ("store_id", "seq", "kind", "created_at", "received_at", "identity", "digest")


class Pushed(NamedTuple):
    acked_through: int
    """The store's highest contiguous sequence held (refused entries count as held)."""
    quarantined: tuple[int, ...]
    """The sequence numbers of the push's refused entries, kept in quarantine."""


def apply_push(
    *,
    session: Session,
    store_id: int,
    entries: abc.Sequence[wire.OutboxEntry],
    refused: abc.Sequence[wire.RefusedEntry] = (),
    now: datetime,
    device_id: int | None = None,
) -> Pushed:
    """Apply the entries not held yet, quarantine the refused ones (acknowledged like the rest,
    so the store's outbox flows past them) and answer the store's highest contiguous sequence.

    The caller commits. The store is the authenticated one; the batch's store was checked.
    `device_id`, the pushing device, settles only the device commands meant for it.
    """
    after = lock_cursor(session=session, store_id=store_id, now=now)
    seqs = [e.seq for e in entries] + [r.seq for r in refused]
    held, beyond, read_all = read_held(session=session, store_id=store_id, seqs=seqs, after=after)
    new = screen(
        session=session, store_id=store_id, entries=entries, held=held, after=after, now=now
    )
    received: list[tuple[object, ...]] = [
        (store_id, e.seq, e.payload.kind, e.created_at, now, identity, digest)
        for e, identity, digest, _ in new
    ]
    quarantined: list[int] = []
    for entry in refused:
        if take_refused(
            session=session, store_id=store_id, entry=entry, held=held, after=after, now=now
        ):
            quarantined.append(entry.seq)
            if entry.seq not in held and entry.seq > after:
                received.append(
                    (store_id, entry.seq, entry.kind, now, now, None, digest_of_json(entry.entry))
                )
    if received:
        insert_tuples(session, ReceivedEntry, RECEIVED_COLUMNS, received)
    if new:
        applied = [e for e, _, _, apply in new if apply]
        apply_entries(
            session=session, store_id=store_id, entries=applied, now=now, device_id=device_id
        )
    reached = wire.highest_contiguous(
        beyond | {e.seq for e, _, _, _ in new} | set(quarantined), after
    )
    if not read_all and reached >= max(beyond, default=after):  # the run may go on past the read
        reached = advance(session=session, store_id=store_id, start=reached)
    if reached != after:
        connection = pg_connection(session)
        if connection is not None:
            statements.set_cursor(connection, store_id, reached, now)
            return Pushed(reached, tuple(quarantined))
        session.execute(
            update(SyncCursor)
            .where(SyncCursor.store_id == store_id)
            .values(acked_through=reached, updated_at=now)
        )
    return Pushed(reached, tuple(quarantined))


def read_held(
    *, session: Session, store_id: int, seqs: list[int], after: int
) -> tuple[dict[int, str | None], set[int], bool]:
    """One read for the batch: the digests held under its sequence numbers, the sequence
    numbers held past the mark `after` (through the batch and up to ADVANCE_CHUNK beyond, for
    the contiguous mark), and whether that read was complete (False: more may be held past
    the highest one read)."""
    low = min([*seqs, after + 1])
    span = (max(seqs) - low + 1) if seqs else 0
    connection = pg_connection(session)
    rows: abc.Sequence[tuple[int, str | None]]
    if connection is not None:
        rows = statements.read_held(connection, store_id, low, span + ADVANCE_CHUNK)
    else:
        rows = session.execute(
            select(ReceivedEntry.seq, ReceivedEntry.digest)
            .where(ReceivedEntry.store_id == store_id, ReceivedEntry.seq >= low)
            .order_by(ReceivedEntry.seq)
            .limit(span + ADVANCE_CHUNK)
        ).all()
    first, last = (min(seqs), max(seqs)) if seqs else (0, -1)
    held = {seq: digest for seq, digest in rows if first <= seq <= last}
    beyond = {seq for seq, _ in rows if seq > after}
    return held, beyond, len(rows) < span + ADVANCE_CHUNK


def take_refused(
    *,
    session: Session,
    store_id: int,
    entry: wire.RefusedEntry,
    held: dict[int, str | None],
    after: int,
    now: datetime,
) -> bool:
    """Quarantine a refused entry (reason "refused", the fields at fault in `detail`) unless this
    very entry is held already (a replay); True if the store should mark it quarantined: it is
    the entry held under its sequence number now."""
    digest = digest_of_json(entry.entry)
    if entry.seq in held or entry.seq <= after:
        kept = held.get(entry.seq)
        if kept is None or kept == digest:
            return kept == digest
        # Another record holds this sequence: kept, and this one quarantined beside it.
    quarantine(
        session=session,
        store_id=store_id,
        seq=entry.seq,
        kind=entry.kind,
        reason=REFUSED,
        detail=entry.reason,
        entry=entry.entry,
        now=now,
    )
    return entry.seq not in held and entry.seq > after


Screened = tuple[wire.OutboxEntry, str | None, str, bool]
"""An entry not held yet, its identity (None: none or not its first holder), digest, and
whether it is applied (False: a repeat of a fact already held, or a quarantined conflict)."""


def screen(
    *,
    session: Session,
    store_id: int,
    entries: abc.Sequence[wire.OutboxEntry],
    held: dict[int, str | None],
    after: int,
    now: datetime,
) -> list[Screened]:
    """The entries not held yet; a conflict (a held sequence or identity, other content) is
    quarantined with an alert, never dropped in silence."""
    seqs, payloads = [e.seq for e in entries], [e.payload for e in entries]
    digests = dict(zip(seqs, digests_of(payloads), strict=True))
    identities = dict(zip(seqs, identities_of(payloads), strict=True))
    wanted = {i for i in identities.values() if i}
    known: dict[str, tuple[int, str | None]] = {}
    if wanted:
        connection = pg_connection(session)
        rows: abc.Iterable[tuple[int, str | None, str | None]]
        if connection is not None:
            rows = statements.known_identities(connection, store_id, wanted)
        else:
            rows = session.execute(
                select(ReceivedEntry.seq, ReceivedEntry.identity, ReceivedEntry.digest).where(
                    ReceivedEntry.store_id == store_id,
                    among(session, ReceivedEntry.identity, wanted),
                )
            ).all()
        known = {identity: (seq, digest) for seq, identity, digest in rows if identity is not None}
    new: list[Screened] = []
    for entry in entries:
        digest, identity = digests[entry.seq], identities[entry.seq]
        if entry.seq in held or entry.seq <= after:
            kept = held.get(entry.seq)
            if kept is not None and kept != digest:
                _conflict(
                    session=session,
                    store_id=store_id,
                    entry=entry,
                    identity=identity,
                    kept_seq=entry.seq,
                    now=now,
                )
            continue
        if identity is None:
            new.append((entry, None, digest, True))
        elif identity not in known:
            known[identity] = (entry.seq, digest)
            new.append((entry, identity, digest, True))
        else:
            kept_seq, kept_digest = known[identity]
            if kept_digest is not None and kept_digest != digest:
                _conflict(
                    session=session,
                    store_id=store_id,
                    entry=entry,
                    identity=identity,
                    kept_seq=kept_seq,
                    now=now,
                )
            new.append((entry, None, digest, False))
    return new


def _conflict(
    *,
    session: Session,
    store_id: int,
    entry: wire.OutboxEntry,
    identity: str | None,
    kept_seq: int,
    now: datetime,
) -> None:
    quarantine(
        session=session,
        store_id=store_id,
        seq=entry.seq,
        kind=entry.payload.kind,
        reason=CONFLICT,
        detail=f"same {'sequence' if kept_seq == entry.seq else 'identity'} as sequence "
        f"{kept_seq}, other content",
        entry=entry.model_dump(mode="json"),
        now=now,
        identity=identity,
        kept_seq=kept_seq,
    )


def lock_cursor(*, session: Session, store_id: int, now: datetime) -> int:
    """The store's contiguous mark, its cursor row created if new and locked till the commit:
    one statement (the upsert's update takes the row lock on PostgreSQL; on SQLite the write
    takes the database's lock)."""
    connection = pg_connection(session)
    if connection is not None:
        return statements.lock_cursor(connection, store_id, now)
    statement = upsert_insert(session, SyncCursor).values(
        store_id=store_id, acked_through=0, updated_at=now
    )
    statement = statement.on_conflict_do_update(
        index_elements=["store_id"], set_={"updated_at": statement.excluded.updated_at}
    ).returning(SyncCursor.acked_through)
    return int(session.execute(statement).scalar_one())


def acked_through(*, session: Session, store_id: int) -> int:
    value = session.scalar(select(SyncCursor.acked_through).where(SyncCursor.store_id == store_id))
    return int(value or 0)


def highest_held(*, session: Session, store_id: int) -> int:
    """The highest sequence number held for the store, gaps or not (0: none)."""
    value = session.scalar(
        select(func.max(ReceivedEntry.seq)).where(ReceivedEntry.store_id == store_id)
    )
    return int(value or 0)


def advance(*, session: Session, store_id: int, start: int) -> int:
    """The highest n such that start+1..n are all held (read in chunks past a long run)."""
    highest = start
    while True:
        chunk = list(
            session.scalars(
                select(ReceivedEntry.seq)
                .where(ReceivedEntry.store_id == store_id, ReceivedEntry.seq > highest)
                .order_by(ReceivedEntry.seq)
                .limit(ADVANCE_CHUNK)
            )
        )
        reached = wire.highest_contiguous(set(chunk), highest)
        if reached - highest < ADVANCE_CHUNK:
            return reached
        highest = reached


def apply_entries(
    *,
    session: Session,
    store_id: int,
    entries: list[wire.OutboxEntry],
    now: datetime,
    device_id: int | None = None,
) -> None:
    """Hand each payload to its context; bulk kinds grouped, the rest in sequence order.
    `device_id`, the pushing device: a heartbeat is also kept on its row, as a direct one."""
    grouped: dict[str, list[tuple[int, Any]]] = defaultdict(list)
    for entry in entries:
        payload = entry.payload
        if payload.kind in GROUPED:
            grouped[payload.kind].append((entry.seq, payload))
        elif isinstance(payload, wire.Alert):
            record_alert(session=session, store_id=store_id, alert=payload, now=now)
        elif isinstance(payload, wire.Heartbeat):
            record_heartbeat(session=session, store_id=store_id, heartbeat=payload, now=now)
            if device_id is not None:
                note_heartbeat(session, device_id, payload, now)
        elif isinstance(payload, wire.ZReport):
            record_z_report(session=session, store_id=store_id, seq=entry.seq, report=payload)
        elif isinstance(payload, wire.CommandAck):
            record_ack(session=session, store_id=store_id, ack=payload, device_id=device_id)
        else:
            grouped[payload.kind].append((entry.seq, payload))
    sales, movements, visits = grouped["sale"], grouped["stock_movement"], grouped["visit"]
    stored_sales, stored_movements, stored_visits = stored_keys(
        session=session,
        store_id=store_id,
        wanted=[
            (Sale.store_id, Sale.sale_id, {s.sale_id for _, s in sales}),
            (
                StockMovement.store_id,
                StockMovement.movement_id,
                {m.movement_id for _, m in movements},
            ),
            (Visit.store_id, Visit.visit_id, {v.visit_id for _, v in visits}),
        ],
    )
    record_sales(session=session, store_id=store_id, sales=sales, now=now, stored=stored_sales)
    book_account_payments(session, store_id=store_id, sales=sales)
    record_movements(
        session=session, store_id=store_id, movements=movements, now=now, stored=stored_movements
    )
    record_visits(session=session, store_id=store_id, visits=visits, stored=stored_visits)
    record_unknown_barcodes(session=session, store_id=store_id, scans=grouped["unknown_barcode"])
    record_payments(session=session, store_id=store_id, records=grouped["payment"], now=now)
