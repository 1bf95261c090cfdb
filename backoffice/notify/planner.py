"""Deciding who gets told: a new alert goes to the one on watch; an alert nobody acknowledged
in time goes to the next person, then to everyone on the store (escalation). Each recipient's
severities and quiet hours are honoured (critical alerts ignore quiet hours); each of their
channels that has an address becomes one pending delivery. New deliveries' ids wait in
`session.info["deliveries"]` until the commit hands them to the job queue."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.alerts.lifecycle import record_event
from backoffice.alerts.models import OPEN, AlertCase
from backoffice.notify.config import NotifySettings
from backoffice.notify.models import Contact, Delivery
from backoffice.notify.phones import persons_with_phones
from backoffice.notify.rota import in_quiet_hours, recipients

PENDING = "pending"
CHANNELS = ("push", "sms", "email", "ntfy", "webhook")
ADDRESS = {
    "email": "email",
    "sms": "phone",
    "ntfy": "ntfy_topic",
    "webhook": "webhook_url",
    "push": "push_subscription",
}


def wants(contact: Contact, severity: str, now: datetime) -> bool:
    if severity not in contact.severities.split(","):
        return False
    return severity == "critical" or not in_quiet_hours(contact, now)


def channels_of(contact: Contact, *, has_phone: bool = False) -> list[str]:
    """The contact's channels that have an address (push: its own subscription, or a phone
    its person subscribed)."""
    named = [c.strip() for c in contact.channels.split(",")]
    return [
        c
        for c in named
        if c in ADDRESS and (getattr(contact, ADDRESS[c]) or (c == "push" and has_phone))
    ]


def notify(
    session: Session, case: AlertCase, now: datetime, *, stage: int, again: bool = False
) -> list[Delivery]:
    """Plan the deliveries of `case` at `stage`: people told before are not told again, unless
    `again` (its severity went up since)."""
    told = set()
    if not again:
        told = set(session.scalars(select(Delivery.contact_id).where(Delivery.case_id == case.id)))
    made: list[Delivery] = []
    people = recipients(session, case.store_id, now, stage)
    phones = persons_with_phones(session, {c.person_id for c in people if c.person_id})
    for contact in people:
        if contact.id in told or not wants(contact, case.severity, now):
            continue
        for channel in channels_of(contact, has_phone=contact.person_id in phones):
            made.append(
                Delivery(
                    case_id=case.id,
                    contact_id=contact.id,
                    channel=channel,
                    stage=stage,
                    status=PENDING,
                    attempts=0,
                    created_at=now,
                    next_attempt_at=now,
                )
            )
    session.add_all(made)
    session.flush()
    if made:
        names = sorted({f"{d.contact_id}:{d.channel}" for d in made})
        action = "notified_again" if again else "notified" if stage == 0 else "escalated"
        record_event(session, case, now, action, detail="contact:channel " + ", ".join(names))
        session.info.setdefault("deliveries", []).extend(d.id for d in made)
    return made


def notify_new(session: Session, case_ids: list[int], now: datetime) -> None:
    for case_id in case_ids:
        case = session.get(AlertCase, case_id)
        if case is not None and case.status == OPEN:
            notify(session, case, now, stage=0)


def escalate_due(session: Session, now: datetime, settings: NotifySettings) -> int:
    """Move every open, unacknowledged case past its delay to the next stage; how many moved."""
    delays = {
        "critical": timedelta(minutes=settings.escalate_critical_minutes),
        "warning": timedelta(minutes=settings.escalate_warning_minutes),
    }
    moved = 0
    query = select(AlertCase).where(AlertCase.status == OPEN, AlertCase.escalation_stage < 2)
    for case in session.scalars(query.order_by(AlertCase.id).with_for_update(skip_locked=True)):
        delay = delays.get(case.severity)
        if delay is None or now < case.opened_at + delay * (case.escalation_stage + 1):
            continue
        case.escalation_stage += 1
        notify(session, case, now, stage=case.escalation_stage)
        moved += 1
    return moved
