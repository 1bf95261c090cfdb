"""Who is on watch at a store now (an exception first, else the weekly pattern, in Swedish local
time), and the order escalation follows."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.notify.models import Contact, OnCallException, OnCallShift

LOCAL = ZoneInfo("Europe/Stockholm")


def contacts(session: Session, store_id: int) -> list[Contact]:
    """The store's active contacts in escalation order."""
    query = select(Contact).where(Contact.store_id == store_id, Contact.active.is_(True))
    return list(session.scalars(query.order_by(Contact.rota_order, Contact.id)))


def _covers(shift: OnCallShift, local: datetime) -> bool:
    day, clock = local.weekday(), local.time()
    if shift.starts < shift.ends:
        return shift.weekday == day and shift.starts <= clock < shift.ends
    # Past midnight: the evening of its weekday, and the small hours of the next day.
    if shift.weekday == day and clock >= shift.starts:
        return True
    return (shift.weekday + 1) % 7 == day and clock < shift.ends


def on_watch(session: Session, store_id: int, now: datetime) -> Contact | None:
    exception = session.scalars(
        select(OnCallException)
        .where(
            OnCallException.store_id == store_id,
            OnCallException.starts_at <= now,
            OnCallException.ends_at > now,
        )
        .order_by(OnCallException.starts_at.desc(), OnCallException.id.desc())
    ).first()
    if exception is not None:
        return session.get(Contact, exception.contact_id)
    local = now.astimezone(LOCAL)
    shifts = session.scalars(
        select(OnCallShift).where(OnCallShift.store_id == store_id).order_by(OnCallShift.id)
    )
    for shift in shifts:
        if _covers(shift, local):
            return session.get(Contact, shift.contact_id)
    return None


def recipients(session: Session, store_id: int, now: datetime, stage: int) -> list[Contact]:
    """Stage 0: the one on watch (everyone if nobody is); 1: the next in order; 2: everyone."""
    everyone = contacts(session, store_id)
    watching = on_watch(session, store_id, now)
    if watching is None or not watching.active or stage >= 2:
        return everyone
    if stage == 0:
        return [watching]
    others = [c for c in everyone if c.id != watching.id]
    after = [c for c in others if (c.rota_order, c.id) > (watching.rota_order, watching.id)]
    return (after or others)[:1]


def in_quiet_hours(contact: Contact, now: datetime) -> bool:
    start, end = contact.quiet_from, contact.quiet_until
    if start is None or end is None or start == end:
        return False
    clock = now.astimezone(LOCAL).time()
    return start <= clock < end if start < end else clock >= start or clock < end
