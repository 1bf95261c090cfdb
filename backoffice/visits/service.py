"""Apply reported door visits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID

from sqlalchemy.orm import Session

from backoffice.db.dialect import insert_tuples
from backoffice.sync.dedupe import fresh
from backoffice.visits.models import CustomerName, Visit
from retail import wire

VISIT_COLUMNS = (
    "store_id",
    "seq",
    "visit_id",
    "occurred_at",
    "outcome",
    "identity_hash",
    "age",
    "door_opened_at",
    "door_closed_at",
)
"""Every field of `wire.Visit` but its kind and the person's (kept apart, `keep_names`), as
`record_visits` writes them (a tuple a row, not a `model_dump`: ingest writes thousands)."""


def record_visits(
    *,
    session: Session,
    store_id: int,
    visits: Sequence[tuple[int, wire.Visit]],
    stored: set[UUID] | None = None,
) -> int:
    new = fresh(
        session=session,
        store_column=Visit.store_id,
        key_column=Visit.visit_id,
        store_id=store_id,
        items=visits,
        key=lambda item: item[1].visit_id,
        stored=stored,
    )
    if new:
        rows = [
            (
                store_id,
                seq,
                v.visit_id,
                v.occurred_at,
                v.outcome,
                v.identity_hash,
                v.age,
                v.door_opened_at,
                v.door_closed_at,
            )
            for seq, v in new
        ]
        insert_tuples(session, Visit, VISIT_COLUMNS, rows)
        keep_names(session, store_id, [v for _, v in new])
    return len(new)


def keep_names(session: Session, store_id: int, visits: Sequence[wire.Visit]) -> None:
    """Keep the name and birth date each BankID visit carried, the latest visit's winning."""
    latest: dict[str, tuple[datetime, str, date]] = {}
    for visit in visits:
        if visit.identity_hash is None or visit.name is None or visit.birth_date is None:
            continue
        known = latest.get(visit.identity_hash)
        if known is None or known[0] <= visit.occurred_at:
            latest[visit.identity_hash] = (visit.occurred_at, visit.name, visit.birth_date)
    for identity_hash, (seen_at, name, birth_date) in latest.items():
        row = session.get(CustomerName, (store_id, identity_hash))
        if row is None:
            session.add(
                CustomerName(
                    store_id=store_id,
                    identity_hash=identity_hash,
                    name=name,
                    birth_date=birth_date,
                    seen_at=seen_at,
                )
            )
        elif row.seen_at <= seen_at:
            row.name, row.birth_date, row.seen_at = name, birth_date, seen_at
    session.flush()
