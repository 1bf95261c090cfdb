"""The association admin's pages: people (add a person, set their roles) and the audit log
(filter by action, person, store and days; CSV export, itself audited)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from backoffice import spreadsheet
from backoffice.access.roles import Permission, Role
from backoffice.access.rules import Access, require
from backoffice.audit.models import AuditRecord
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import BackofficeError, NotFoundError
from backoffice.people.models import Person
from backoffice.people.passwords import WeakPasswordError
from backoffice.people.service import Grant, create_person, describe_grants, set_roles
from backoffice.stores.models import Store
from backoffice.web.templating import render

router = APIRouter(tags=["pages"])
PeopleDep = Annotated[Access, Depends(require(Permission.PEOPLE_MANAGE))]
AuditDep = Annotated[Access, Depends(require(Permission.AUDIT_VIEW))]
ZONE = ZoneInfo("Europe/Stockholm")
PAGE = 200


def _stores(session: Session, access: Access) -> list[Store]:
    return list(
        session.scalars(
            select(Store)
            .where(Store.association_id == access.principal.association_id)
            .order_by(Store.name)
        )
    )


def _grants(form_roles: list[str]) -> list[Grant]:
    """Checkbox values `admin` or `ROLE@slug`."""
    grants = []
    for value in form_roles:
        role, _, slug = value.partition("@")
        try:
            grants.append(Grant(Role(role), slug or None))
        except ValueError:
            raise BackofficeError(f"unknown role {role!r}") from None
    return grants


def _people_page(request: Request, session: Session, access: Access, **extra: Any) -> Response:
    people = session.scalars(
        select(Person)
        .where(Person.association_id == access.principal.association_id)
        .order_by(Person.name)
    )
    rows = [(p, set(describe_grants(session, p.id))) for p in people]
    status = 400 if extra.get("error") else 200
    return render(
        request,
        "people.html",
        principal=access.principal,
        people=rows,
        stores=_stores(session, access),
        roles=[r.value for r in Role if r is not Role.ADMIN],
        status_code=status,
        **extra,
    )


@router.get("/people")
def people_page(
    request: Request, access: PeopleDep, session: SessionDep, invited: bool = False
) -> Response:
    return _people_page(request, session, access, invited=invited)


@router.post("/people")
def add_person(
    request: Request,
    *,
    access: PeopleDep,
    session: SessionDep,
    now: NowDep,
    email: Annotated[str, Form(max_length=254)],
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=256)],
    roles: Annotated[list[str] | None, Form()] = None,
) -> Response:
    from backoffice.people.models import Association

    association = session.get(Association, access.principal.association_id)
    assert association is not None
    try:
        create_person(
            session,
            association=association,
            email=email,
            name=name,
            password=password,
            grants=_grants(roles or []),
            actor=access.principal.actor,
            now=now,
        )
    except (BackofficeError, WeakPasswordError) as exc:
        session.rollback()
        return _people_page(request, session, access, error=str(exc))
    session.commit()
    return RedirectResponse("/people", status_code=303)


@router.post("/people/{person_id}/roles")
def change_roles(
    person_id: int,
    access: PeopleDep,
    session: SessionDep,
    now: NowDep,
    roles: Annotated[list[str] | None, Form()] = None,
) -> Response:
    person = session.get(Person, person_id)
    if person is None or person.association_id != access.principal.association_id:
        raise NotFoundError(f"no person {person_id}")
    set_roles(
        session, person=person, grants=_grants(roles or []), actor=access.principal.actor, now=now
    )
    session.commit()
    return RedirectResponse("/people", status_code=303)


@dataclass(frozen=True, slots=True)
class Filters:
    action: str = ""
    actor: str = ""
    store: str = ""
    start: date | None = None
    end: date | None = None


def _audit_query(access: Access, session: Session, f: Filters) -> Select[AuditRecord]:
    """The association's records: its people's acts, its stores' and its members' own acts
    (records carrying the association)."""
    stores = _stores(session, access)
    people = list(
        session.scalars(
            select(Person.id).where(Person.association_id == access.principal.association_id)
        )
    )
    query = select(AuditRecord).where(
        AuditRecord.store_id.in_([s.id for s in stores])
        | AuditRecord.actor_id.in_(people)
        | (AuditRecord.association_id == access.principal.association_id)
    )
    if f.action:
        query = query.where(AuditRecord.action.startswith(f.action))
    if f.actor:
        query = query.where(AuditRecord.actor.contains(f.actor))
    if f.store:
        query = query.where(AuditRecord.store_id.in_([s.id for s in stores if s.slug == f.store]))
    if f.start:
        query = query.where(AuditRecord.at >= datetime.combine(f.start, time(), ZONE))
    if f.end:
        after = datetime.combine(f.end + timedelta(days=1), time(), ZONE)
        query = query.where(AuditRecord.at < after)
    return query.order_by(AuditRecord.id.desc())


Text = Annotated[str, Query(max_length=100)]


def _day(text: str) -> date | None:
    """A date field of the filter form: empty for none, else YYYY-MM-DD."""
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BackofficeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


@router.get("/audit")
def audit_page(
    request: Request,
    *,
    access: AuditDep,
    session: SessionDep,
    action: Text = "",
    actor: Text = "",
    store: Text = "",
    start: Text = "",
    end: Text = "",
) -> Response:
    filters = Filters(action, actor, store, _day(start), _day(end))
    rows = list(session.scalars(_audit_query(access, session, filters).limit(PAGE)))
    return render(
        request,
        "audit.html",
        principal=access.principal,
        rows=rows,
        stores=_stores(session, access),
        filters=filters,
        query_string=request.url.query,
    )


@router.get("/audit.csv")
def audit_csv(
    request: Request,
    *,
    access: AuditDep,
    session: SessionDep,
    now: NowDep,
    action: Text = "",
    actor: Text = "",
    store: Text = "",
    start: Text = "",
    end: Text = "",
) -> Response:
    query = _audit_query(access, session, Filters(action, actor, store, _day(start), _day(end)))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        ["id", "at", "actor", "address", "action", "store_id", "target", "before", "after", "hash"]
    )
    for row in session.scalars(query):
        writer.writerow(
            spreadsheet.row(
                [
                    row.id,
                    row.at.isoformat(),
                    row.actor,
                    row.address,
                    row.action,
                    row.store_id or "",
                    row.target,
                    row.before or "",
                    row.after or "",
                    row.hash,
                ]
            )
        )
    record(
        session,
        actor=access.principal.actor,
        action="export",
        now=now,
        target="audit.csv",
        after={"filters": request.url.query},
    )
    session.commit()
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="granskningslogg.csv"'},
    )
