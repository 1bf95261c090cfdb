"""The contacts and on-call rota of a store (read: store.view; change: settings.write):

- `GET/POST /api/admin/stores/{slug}/contacts`, `PUT /api/admin/stores/{slug}/contacts/{id}`,
  `DELETE` the same (deactivates: their history stays).
- `GET /api/admin/stores/{slug}/rota`: shifts, exceptions still to come, who is on watch now.
- `PUT /api/admin/stores/{slug}/rota/shifts`: the weekly pattern, replaced as a whole.
- `POST /api/admin/stores/{slug}/rota/exceptions`: someone on watch instead, for a while.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import NotFoundError
from backoffice.notify.models import Contact, OnCallException, OnCallShift
from backoffice.notify.rota import on_watch
from backoffice.notify.schemas import (
    ContactRead,
    ContactWrite,
    ExceptionWrite,
    Rota,
    ShiftWrite,
)
from backoffice.stores.service import get_store

router = APIRouter(prefix="/api/admin/stores/{slug}", tags=["alerts"])
ReadDep = Annotated[Access, Depends(require(Permission.STORE_VIEW, from_path("slug")))]
WriteDep = Annotated[Access, Depends(require(Permission.SETTINGS_WRITE, from_path("slug")))]


def read(contact: Contact) -> ContactRead:
    fields = {c.key: getattr(contact, c.key) for c in Contact.__table__.columns}
    return ContactRead.model_validate({**fields, "has_push": bool(contact.push_subscription)})


def _contact(session: Session, store_id: int, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None or contact.store_id != store_id:
        raise NotFoundError(f"no contact {contact_id} at this store")
    return contact


@router.get("/contacts")
def list_contacts(slug: str, _access: ReadDep, session: SessionDep) -> list[ContactRead]:
    store = get_store(session=session, slug=slug)
    query = select(Contact).where(Contact.store_id == store.id)
    return [read(c) for c in session.scalars(query.order_by(Contact.rota_order, Contact.id))]


@router.post("/contacts", status_code=201)
def post_contact(
    slug: str, body: ContactWrite, _access: WriteDep, session: SessionDep
) -> ContactRead:
    store = get_store(session=session, slug=slug)
    contact = Contact(store_id=store.id, active=True, **body.columns())
    session.add(contact)
    session.commit()
    return read(contact)


@router.put("/contacts/{contact_id}")
def put_contact(
    slug: str, contact_id: int, body: ContactWrite, _access: WriteDep, session: SessionDep
) -> ContactRead:
    contact = _contact(session, get_store(session=session, slug=slug).id, contact_id)
    for key, value in body.columns().items():
        setattr(contact, key, value)
    session.commit()
    return read(contact)


@router.delete("/contacts/{contact_id}", status_code=204)
def delete_contact(slug: str, contact_id: int, _access: WriteDep, session: SessionDep) -> Response:
    contact = _contact(session, get_store(session=session, slug=slug).id, contact_id)
    contact.active = False
    session.commit()
    return Response(status_code=204)


@router.get("/rota")
def get_rota(slug: str, _access: ReadDep, session: SessionDep, now: NowDep) -> Rota:
    store = get_store(session=session, slug=slug)
    shifts = session.scalars(
        select(OnCallShift).where(OnCallShift.store_id == store.id).order_by(OnCallShift.id)
    )
    exceptions = session.scalars(
        select(OnCallException)
        .where(OnCallException.store_id == store.id, OnCallException.ends_at > now)
        .order_by(OnCallException.starts_at)
    )
    watching = on_watch(session, store.id, now)
    return Rota(
        shifts=[ShiftWrite.model_validate(s, from_attributes=True) for s in shifts],
        exceptions=[ExceptionWrite.model_validate(e, from_attributes=True) for e in exceptions],
        on_watch=watching.id if watching else None,
    )


@router.put("/rota/shifts")
def put_shifts(
    slug: str, body: list[ShiftWrite], _access: WriteDep, session: SessionDep, now: NowDep
) -> Rota:
    store = get_store(session=session, slug=slug)
    for shift in body:
        _contact(session, store.id, shift.contact_id)
    session.execute(delete(OnCallShift).where(OnCallShift.store_id == store.id))
    session.add_all(OnCallShift(store_id=store.id, **s.model_dump()) for s in body)
    session.commit()
    return get_rota(slug, _access, session, now)


@router.post("/rota/exceptions", status_code=201)
def post_exception(
    slug: str, body: ExceptionWrite, _access: WriteDep, session: SessionDep, now: NowDep
) -> Rota:
    store = get_store(session=session, slug=slug)
    _contact(session, store.id, body.contact_id)
    session.add(OnCallException(store_id=store.id, **body.model_dump()))
    session.commit()
    return get_rota(slug, _access, session, now)
