"""Changing contacts and the rota, shared by the admin API and the pages: a person's own contact
per store (by `contacts.person_id`), the weekly shifts and the exceptions, each change with a
plain view for the audit record."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.errors import BackofficeError, NotFoundError
from backoffice.notify.models import Contact, OnCallException, OnCallShift
from backoffice.notify.schemas import ContactWrite, ExceptionWrite, ShiftWrite

NEEDS = {"email": "email", "sms": "phone", "ntfy": "ntfy_topic"}


def contact_view(contact: Contact | None) -> dict[str, Any] | None:
    """What the audit record keeps of a contact (no push keys)."""
    if contact is None:
        return None
    return {
        "email": contact.email,
        "phone": contact.phone,
        "ntfy_topic": contact.ntfy_topic,
        "severities": contact.severities,
        "channels": contact.channels,
        "quiet_from": contact.quiet_from.isoformat() if contact.quiet_from else None,
        "quiet_until": contact.quiet_until.isoformat() if contact.quiet_until else None,
        "active": contact.active,
    }


def contact_of_person(session: Session, store_id: int, person_id: int) -> Contact | None:
    query = select(Contact).where(Contact.store_id == store_id, Contact.person_id == person_id)
    return session.scalars(query.order_by(Contact.active.desc(), Contact.id)).first()


def save_person_contact(
    session: Session, store_id: int, person_id: int, body: ContactWrite, *, active: bool
) -> tuple[Contact, dict[str, Any] | None]:
    """Creates or updates the person's contact at the store; (contact, view before)."""
    for channel, field in NEEDS.items():
        if channel in body.channels and not getattr(body, field):
            raise BackofficeError(f"{channel}: fyll i {field} eller välj bort kanalen")
    contact = contact_of_person(session, store_id, person_id)
    before = contact_view(contact)
    values = body.columns()
    if contact is None:
        contact = Contact(
            store_id=store_id,
            person_id=person_id,
            rota_order=100,
            **{k: v for k, v in values.items() if k not in ("person_id", "rota_order")},
        )
        session.add(contact)
    else:
        for key in ("name", "email", "phone", "ntfy_topic", "severities", "channels"):
            setattr(contact, key, values[key])
        contact.quiet_from, contact.quiet_until = values["quiet_from"], values["quiet_until"]
    contact.active = active
    session.flush()
    return contact, before


def contact_at(session: Session, store_id: int, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None or contact.store_id != store_id:
        raise NotFoundError(f"no contact {contact_id} at this store")
    return contact


def shifts(session: Session, store_id: int) -> list[OnCallShift]:
    query = select(OnCallShift).where(OnCallShift.store_id == store_id)
    return list(session.scalars(query.order_by(OnCallShift.weekday, OnCallShift.starts)))


def exceptions_ahead(session: Session, store_id: int, now: datetime) -> list[OnCallException]:
    query = select(OnCallException).where(
        OnCallException.store_id == store_id, OnCallException.ends_at > now
    )
    return list(session.scalars(query.order_by(OnCallException.starts_at)))


def shift_view(shift: OnCallShift) -> dict[str, Any]:
    return {
        "contact_id": shift.contact_id,
        "weekday": shift.weekday,
        "starts": shift.starts.isoformat(timespec="minutes"),
        "ends": shift.ends.isoformat(timespec="minutes"),
    }


def exception_view(exception: OnCallException) -> dict[str, Any]:
    return {
        "contact_id": exception.contact_id,
        "starts_at": exception.starts_at.isoformat(),
        "ends_at": exception.ends_at.isoformat(),
    }


def add_shift(session: Session, store_id: int, body: ShiftWrite) -> OnCallShift:
    contact_at(session, store_id, body.contact_id)
    if body.starts == body.ends == time(0):
        raise BackofficeError("ett pass behöver en start- och sluttid")
    shift = OnCallShift(store_id=store_id, **body.model_dump())
    session.add(shift)
    session.flush()
    return shift


def remove_shift(session: Session, store_id: int, shift_id: int) -> dict[str, Any]:
    shift = session.get(OnCallShift, shift_id)
    if shift is None or shift.store_id != store_id:
        raise NotFoundError(f"no shift {shift_id} at this store")
    view = shift_view(shift)
    session.delete(shift)
    session.flush()
    return view


def add_exception(session: Session, store_id: int, body: ExceptionWrite) -> OnCallException:
    contact_at(session, store_id, body.contact_id)
    exception = OnCallException(store_id=store_id, **body.model_dump())
    session.add(exception)
    session.flush()
    return exception


def remove_exception(session: Session, store_id: int, exception_id: int) -> dict[str, Any]:
    exception = session.get(OnCallException, exception_id)
    if exception is None or exception.store_id != store_id:
        raise NotFoundError(f"no exception {exception_id} at this store")
    view = exception_view(exception)
    session.delete(exception)
    session.flush()
    return view
