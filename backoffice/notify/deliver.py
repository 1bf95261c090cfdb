"""Sending one delivery: lock it, send through its channel, record the attempt; on failure
retry later with a doubling delay, giving up after `retry_limit` attempts. A delivery whose
alert was resolved meanwhile is skipped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.alerts.models import RESOLVED, AlertCase
from backoffice.notify.channels import SENDERS, Message, SendError
from backoffice.notify.links import make_token
from backoffice.notify.models import Contact, Delivery, DeliveryAttempt
from backoffice.notify.phones import send_to_phones
from backoffice.notify.planner import PENDING
from backoffice.notify.rota import LOCAL
from backoffice.notify.vapid import key_file
from backoffice.settings import BackofficeSettings
from backoffice.stores.models import Store

SEVERITY_WORDS = {"critical": "AKUT", "warning": "Varning", "info": "Info"}


def public_url(settings: BackofficeSettings) -> str:
    return (settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/")


def push_key_file(settings: BackofficeSettings) -> Path | None:
    """The VAPID key file (made on first use in dev mode); None: Web Push is off."""
    return key_file(settings.notify, settings.data_dir, dev=settings.mode == "dev")


def message_for(
    settings: BackofficeSettings, case: AlertCase, contact: Contact, store: Store, now: datetime
) -> Message:
    expires = now + timedelta(hours=settings.notify.ack_link_hours)
    secret = settings.secret_key.get_secret_value()
    token = make_token(secret, case_id=case.id, contact_id=contact.id, expires=expires)
    seen = case.last_seen.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")
    title = f"{SEVERITY_WORDS[case.severity]} {store.name}: {case.message}"
    return Message(
        case_id=case.id,
        store=store.slug,
        kind=case.kind,
        severity=case.severity,
        title=title[:200],
        text=f"{store.name}, {seen}: {case.message}",
        ack_url=f"{public_url(settings)}/ack/{token}",
    )


def deliver(
    sessions: sessionmaker[Session],
    settings: BackofficeSettings,
    clock: Callable[[], datetime],
    delivery_id: int,
) -> str:
    """Send delivery `delivery_id` if it is pending and due; its status afterwards."""
    with sessions.begin() as session:
        query = select(Delivery).where(Delivery.id == delivery_id).with_for_update(skip_locked=True)
        delivery = session.scalars(query).one_or_none()
        now = clock()
        if delivery is None or delivery.status != PENDING or delivery.next_attempt_at > now:
            return delivery.status if delivery else "busy"
        case = session.get(AlertCase, delivery.case_id)
        contact = session.get(Contact, delivery.contact_id)
        assert case is not None
        assert contact is not None
        if case.status == RESOLVED:
            delivery.status = "skipped"
            return delivery.status
        store = session.get(Store, case.store_id)
        assert store is not None
        message = message_for(settings, case, contact, store, now)
        detail = "accepted"
        try:
            if delivery.channel == "push":
                detail = send_to_phones(
                    session, settings.notify, push_key_file(settings), contact, message
                )
            else:
                SENDERS[delivery.channel](settings.notify, contact, message)
        except SendError as exc:
            _failed(session, delivery, settings, clock(), str(exc))
        else:
            delivery.status, delivery.sent_at = "sent", clock()
            delivery.attempts += 1
            session.add(
                DeliveryAttempt(
                    delivery_id=delivery.id, at=delivery.sent_at, ok=True, detail=detail
                )
            )
        return delivery.status


def _failed(
    session: Session, delivery: Delivery, settings: BackofficeSettings, now: datetime, why: str
) -> None:
    delivery.attempts += 1
    delivery.last_error = why[:500]
    session.add(DeliveryAttempt(delivery_id=delivery.id, at=now, ok=False, detail=why[:500]))
    if delivery.attempts >= settings.notify.retry_limit:
        delivery.status = "failed"
        return
    delay = settings.notify.retry_base_seconds * 2 ** (delivery.attempts - 1)
    delivery.next_attempt_at = now + timedelta(seconds=delay)


def due(sessions: sessionmaker[Session], now: datetime, limit: int = 200) -> list[int]:
    with sessions() as session:
        query = select(Delivery.id).where(
            Delivery.status == PENDING, Delivery.next_attempt_at <= now
        )
        return list(session.scalars(query.order_by(Delivery.next_attempt_at).limit(limit)))
