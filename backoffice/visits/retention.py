"""The retention rule for door visits: a visit record is deleted once it is older than the
configured period (`jobs.visit_retention_days`, default 90 days). Sales and the member ledger
are accounting records and are not touched."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete
from sqlalchemy.orm import Session

from backoffice.visits.models import Visit


def delete_old_visits(session: Session, *, now: datetime, days: int) -> int:
    """Delete visits that happened more than `days` days before `now`; how many went."""
    cutoff = now - timedelta(days=days)
    result = session.execute(delete(Visit).where(Visit.occurred_at < cutoff))
    return cast(CursorResult[Any], result).rowcount
