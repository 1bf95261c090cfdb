"""Audit records of a member's own acts, where the association's owners see them on /audit.

A member is no person of an association and acts at no store, so each record carries the
association (and the store, for a store of no association) that keeps the member's data: one
record per keeper (`me_data.keepers`), or one with neither when nothing is kept yet. The actor
is the member's hash prefix (`member 1a2b…`), never a personnummer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backoffice.audit.service import Actor, record
from backoffice.members.me_data import keepers


def places(session: Session, identity_hash: str) -> list[tuple[int | None, int | None]]:
    """(association_id, store_id) of each keeper of the member's data; the store only for a
    store of no association."""
    found: list[tuple[int | None, int | None]] = [
        (store.association_id, None) if store.association_id else (None, store.id)
        for store in keepers(session, identity_hash)
    ]
    return found or [(None, None)]


def record_member_act(
    session: Session,
    *,
    actor: Actor,
    identity_hash: str,
    action: str,
    now: datetime,
    target: str = "",
    after: Any = None,
) -> None:
    """One record of `action` per keeper of the member's data (flushed, not committed)."""
    for association_id, store_id in places(session, identity_hash):
        record(
            session,
            actor=actor,
            action=action,
            now=now,
            association_id=association_id,
            store_id=store_id,
            target=target,
            after=after,
        )
