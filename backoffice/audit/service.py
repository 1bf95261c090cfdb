"""Recording and verifying the audit log.

Each record's hash is SHA-256 over the previous record's hash and the record's own fields in
canonical JSON; the first record follows 64 zeros. Appends are serialised (a transaction-level
advisory lock on PostgreSQL; SQLite has one writer), so the chain never forks. Other features
call `record(...)` in the same transaction as the change they record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from backoffice.audit.models import AuditRecord

GENESIS = "0" * 64
_LOCK = 0x0B7A_0D17  # the advisory lock's key on PostgreSQL


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a person (id, e-mail or token label), or `system`, and from which address."""

    label: str
    address: str = ""
    person_id: int | None = None


SYSTEM = Actor("system")


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _digest(prev_hash: str, row: AuditRecord) -> str:
    fields: dict[str, Any] = {
        "at": row.at.isoformat(),
        "actor_id": row.actor_id,
        "actor": row.actor,
        "address": row.address,
        "action": row.action,
        "store_id": row.store_id,
        "target": row.target,
        "before": row.before,
        "after": row.after,
    }
    if row.association_id is not None:  # older records have none: their hashes stay
        fields["association_id"] = row.association_id
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    now: datetime,
    store_id: int | None = None,
    association_id: int | None = None,
    target: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditRecord:
    """Appends one record (flushed, committed with the caller's transaction).

    `action` is a dotted name (`person.roles`, `door.unlock`, `sign_in.failure`); `before` and
    `after` are JSON-able values of what changed; `association_id` for a record with no store
    or person of the association (a member's own acts). Never pass a personnummer or a
    password."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
    last = session.scalar(select(AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1))
    row = AuditRecord(
        at=now,
        actor_id=actor.person_id,
        actor=actor.label[:254],
        address=actor.address[:64],
        action=action,
        store_id=store_id,
        association_id=association_id,
        target=target[:300],
        before=_json(before),
        after=_json(after),
        prev_hash=last or GENESIS,
    )
    row.hash = _digest(row.prev_hash, row)
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True, slots=True)
class Verdict:
    records: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _all(session: Session, batch: int = 1000) -> Iterator[AuditRecord]:
    after = 0
    while True:
        rows = list(
            session.scalars(
                select(AuditRecord)
                .where(AuditRecord.id > after)
                .order_by(AuditRecord.id)
                .limit(batch)
            )
        )
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].id


def verify(session: Session) -> Verdict:
    """Recomputes the chain; each problem names the record where the chain breaks."""
    problems: list[str] = []
    prev = GENESIS
    count = 0
    for row in _all(session):
        count += 1
        if row.prev_hash != prev:
            problems.append(f"record {row.id}: follows {row.prev_hash[:12]}…, not {prev[:12]}…")
        if _digest(row.prev_hash, row) != row.hash:
            problems.append(f"record {row.id}: its contents do not match its hash")
        prev = row.hash
    return Verdict(count, tuple(problems))
