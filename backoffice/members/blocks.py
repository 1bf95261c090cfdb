"""Blocking a customer in an association: refused at every door and kiosk of its stores.

A block names who and why, and may end on its own (`until`): from then it leaves the list the
stores pull. Unblocking removes it (the audit log keeps both)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.members.erasures import erased_hashes
from backoffice.members.models import LedgerEntry, MemberAccount, MemberBlock
from backoffice.members.rights import ERASED_PREFIX
from retail import wire


def block(
    session: Session,
    association_id: int,
    identity_hash: str,
    *,
    by: str,
    why: str,
    at: datetime,
    until: datetime | None = None,
) -> MemberBlock:
    """Block (or re-state the reason and end of a block); the reason is required, an end
    (if any) lies after `at`."""
    if not why.strip():
        raise ValueError("a block says why")
    if until is not None and until <= at:
        raise ValueError("a block's end date lies in the future")
    held = session.get(MemberBlock, (association_id, identity_hash))
    if held is None:
        held = MemberBlock(
            association_id=association_id,
            identity_hash=identity_hash,
            blocked_by=by,
            blocked_at=at,
            reason=why.strip(),
            blocked_until=until,
        )
        session.add(held)
    else:
        held.reason = why.strip()
        held.blocked_until = until
    session.flush()
    return held


def unblock(session: Session, association_id: int, identity_hash: str) -> MemberBlock | None:
    """Lift a block; the block that was lifted (None: there was none)."""
    held = session.get(MemberBlock, (association_id, identity_hash))
    if held is not None:
        session.delete(held)
        session.flush()
    return held


def standings(session: Session, association_id: int | None, now: datetime) -> wire.MemberStandings:
    """What every store of the association holds: approvals with limits, and the blocks that
    still apply at `now` (an expired block is left out, so the store admits the person)."""
    if association_id is None:
        return wire.MemberStandings()
    accounts = session.scalars(
        select(MemberAccount).where(MemberAccount.association_id == association_id)
    )
    limits = {account.identity_hash: account.credit_limit_ore for account in accounts}
    balances = {
        member: int(total or 0)
        for member, total in session.execute(
            select(LedgerEntry.identity_hash, func.sum(LedgerEntry.amount_ore))
            .where(LedgerEntry.association_id == association_id)
            .group_by(LedgerEntry.identity_hash)
        )
    }
    blocked = {
        held.identity_hash: held.blocked_until
        for held in session.scalars(
            select(MemberBlock).where(MemberBlock.association_id == association_id)
        )
        if held.applies_at(now)
    }
    return wire.MemberStandings(
        members=tuple(
            wire.MemberStanding(
                identity_hash=member,
                credit_limit_ore=limits.get(member),
                blocked=member in blocked,
                blocked_until=blocked.get(member),
                balance_ore=balances.get(member, 0),
            )
            for member in sorted(limits.keys() | blocked)
            if not member.startswith(ERASED_PREFIX)  # an erased person's records, kept
        ),
        erased=erased_hashes(session, association_id),
    )
