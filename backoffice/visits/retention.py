"""The retention rule for door visits: a visit record is deleted once it is older than the
configured period (`jobs.visit_retention_days`, default 90 days), and with it the name and
birth date of a customer who has no visit left at the store and no member account in its
association. Sales and the member ledger are accounting records and are not touched."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, delete, exists
from sqlalchemy.orm import Session

from backoffice.members.models import MemberAccount
from backoffice.stores.models import Store
from backoffice.visits.models import CustomerName, Visit


def delete_old_visits(session: Session, *, now: datetime, days: int) -> int:
    """Delete visits that happened more than `days` days before `now`; how many went."""
    cutoff = now - timedelta(days=days)
    result = session.execute(delete(Visit).where(Visit.occurred_at < cutoff))
    gone: int = cast(CursorResult[Any], result).rowcount
    forget_names(session)
    return gone


def forget_names(session: Session) -> int:
    """Delete the names and birth dates of customers with no visit left at their store and no
    member account in its association (a member's name stays for the owner); how many went."""
    visited = exists().where(
        Visit.store_id == CustomerName.store_id, Visit.identity_hash == CustomerName.identity_hash
    )
    member = exists().where(
        and_(
            Store.id == CustomerName.store_id,
            MemberAccount.association_id == Store.association_id,
            MemberAccount.identity_hash == CustomerName.identity_hash,
        )
    )
    result = session.execute(delete(CustomerName).where(~visited, ~member))
    return cast(CursorResult[Any], result).rowcount
