"""Erasures on their way to the stores: the backoffice's erase swaps the person's hash for a
token, so the hash would just drop off the member standings and a store could not tell
"erased" from "no longer approved". Each erasure keeps the hash here for a while
(`pending_erasures`) and `MemberStandings.erased` names it, so every store of the association
removes the person's name and birth date. A row goes once every store of the association has
pulled its members after the erasure naming the `erased` feature (`member_pulls` notes only
such pulls), or after `KEEP` at the latest (a store that never comes back, or whose controller
is not upgraded in time), in the daily retention job. A store on older software is not sent
`erased` (it would refuse the answer): the hash just drops off its standings meanwhile."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from backoffice.db.base import Base
from backoffice.stores.models import Store

KEEP = timedelta(days=30)


class PendingErasure(Base):
    """A person erased in an association, still to be removed at its stores."""

    __tablename__ = "pending_erasures"

    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), primary_key=True)
    identity_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[datetime]


class MemberPull(Base):
    """When a store last pulled its member standings."""

    __tablename__ = "member_pulls"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    pulled_at: Mapped[datetime]


def note_erasure(session: Session, association_id: int, identity_hash: str, at: datetime) -> None:
    """Keep the erased hash for the stores (erasing again restarts its wait)."""
    held = session.get(PendingErasure, (association_id, identity_hash))
    if held is None:
        session.add(
            PendingErasure(association_id=association_id, identity_hash=identity_hash, erased_at=at)
        )
    else:
        held.erased_at = at
    session.flush()


def erased_hashes(session: Session, association_id: int) -> tuple[str, ...]:
    return tuple(
        session.scalars(
            select(PendingErasure.identity_hash)
            .where(PendingErasure.association_id == association_id)
            .order_by(PendingErasure.identity_hash)
        )
    )


def note_pull(session: Session, store_id: int, at: datetime) -> None:
    """Note a members pull that was sent the pending erasures (it named `erased`)."""
    held = session.get(MemberPull, store_id)
    if held is None:
        session.add(MemberPull(store_id=store_id, pulled_at=at))
    elif held.pulled_at < at:
        held.pulled_at = at
    session.flush()


def forget_erasures(session: Session, *, now: datetime) -> int:
    """Delete the pending erasures every store has pulled, and those older than `KEEP`."""
    gone = cast(
        CursorResult[Any],
        session.execute(delete(PendingErasure).where(PendingErasure.erased_at < now - KEEP)),
    ).rowcount
    pulls: dict[int, list[datetime | None]] = {}
    rows = session.execute(
        select(Store.association_id, MemberPull.pulled_at)
        .outerjoin(MemberPull, MemberPull.store_id == Store.id)
        .where(Store.association_id.is_not(None))
    )
    for association, pulled_at in rows:
        if association is not None:
            pulls.setdefault(association, []).append(pulled_at)
    for pending in list(session.scalars(select(PendingErasure))):
        seen = pulls.get(pending.association_id, [])
        if all(p is not None and p > pending.erased_at for p in seen):
            session.delete(pending)
            gone += 1
    session.flush()
    return gone
