"""Apply reported door visits."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.orm import Session

from backoffice.db.dialect import insert_rows
from backoffice.sync.dedupe import fresh
from backoffice.visits.models import Visit
from retail import wire


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
            {"store_id": store_id, "seq": seq, **v.model_dump(exclude={"kind"})} for seq, v in new
        ]
        insert_rows(session, Visit, rows)
    return len(new)
