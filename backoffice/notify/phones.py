"""Web Push to a contact: its own subscription (set through the contacts API) and every phone
its person subscribed from the account page. A delivery is sent when one phone accepted it;
a phone whose subscription the push service says is gone is forgotten."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.notify.channels import Message, PushGoneError, SendError, push_to
from backoffice.notify.config import NotifySettings
from backoffice.notify.models import Contact, PushSubscription


def as_subscription(phone: PushSubscription) -> dict[str, Any]:
    return {"endpoint": phone.endpoint, "keys": {"p256dh": phone.p256dh, "auth": phone.auth}}


def persons_with_phones(session: Session, person_ids: set[int]) -> set[int]:
    if not person_ids:
        return set()
    query = select(PushSubscription.person_id).where(PushSubscription.person_id.in_(person_ids))
    return set(session.scalars(query))


def send_to_phones(
    session: Session,
    settings: NotifySettings,
    key_file: Path | None,
    contact: Contact,
    message: Message,
) -> str:
    """Push `message` to every phone of `contact`; how many accepted it, or SendError."""
    if key_file is None:
        raise SendError("no VAPID key configured")
    settings = settings.model_copy(update={"vapid_private_key_file": key_file})
    targets: list[tuple[PushSubscription | None, dict[str, Any]]] = []
    if contact.push_subscription:
        targets.append((None, contact.push_subscription))
    if contact.person_id is not None:
        query = select(PushSubscription).where(PushSubscription.person_id == contact.person_id)
        targets += [(phone, as_subscription(phone)) for phone in session.scalars(query)]
    if not targets:
        raise SendError("no subscription")
    accepted, errors = 0, []
    for phone, subscription in targets:
        try:
            push_to(settings, subscription, message)
        except PushGoneError as exc:
            errors.append(str(exc))
            if phone is not None:
                session.delete(phone)
        except SendError as exc:
            errors.append(str(exc))
        else:
            accepted += 1
    if not accepted:
        raise SendError("; ".join(errors))
    return f"accepted by {accepted} of {len(targets)} phones"
