"""The alerts API (store.view to read, alerts.handle to acknowledge and resolve; without
`store` the list covers every store the caller sees).

- `GET /api/alerts?store=&status=&severity=&kind=&limit=&offset=`: open ones first, then
  acknowledged, then resolved; most severe first, then the most recently seen. `status` is
  `active` (open or acknowledged, the default), one status, or `all`.
- `GET /api/alerts/{id}`: the alert with its full history.
- `POST /api/alerts/{id}/acknowledge` `{"by": ...}`: 409 if resolved or acknowledged by another.
  A `door_forced` case also sends the store the command that clears its latched alarm; the
  store's answer shows in `store_answers` of the alert (refused while the door stands open).
- `POST /api/alerts/{id}/resolve` `{"by": ..., "note": ...}`: 409 if resolved already.
- A `by` or `note` that carries a personnummer: 422 naming the field, nothing changed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import case, select
from sqlalchemy.orm import Session

from backoffice import free_text
from backoffice.access.principal import visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.alerts.door_ack import send_to_store, store_answers
from backoffice.alerts.lifecycle import acknowledge, get_case, history, resolve
from backoffice.alerts.models import ACKNOWLEDGED, OPEN, RESOLVED, SEVERITIES, AlertCase
from backoffice.alerts.schemas import (
    AcknowledgeBody,
    AlertDetail,
    AlertEventRead,
    AlertList,
    AlertRead,
    ResolveBody,
    SeverityName,
    StatusFilter,
    StoreAnswerRead,
)
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import NotFoundError
from backoffice.stores.models import Store

router = APIRouter(prefix="/api/alerts", tags=["alerts"])

STATUS_ORDER = case({OPEN: 0, ACKNOWLEDGED: 1, RESOLVED: 2}, value=AlertCase.status)
SEVERITY_ORDER = case({s: i for i, s in enumerate(SEVERITIES)}, value=AlertCase.severity)


def read(case_: AlertCase, slug: str) -> AlertRead:
    fields = {c.key: getattr(case_, c.key) for c in AlertCase.__table__.columns}
    return AlertRead.model_validate({**fields, "store": slug})


def _slug(session: Session, store_id: int) -> str:
    store = session.get(Store, store_id)
    assert store is not None, "a case belongs to a store"
    return store.slug


def _alert_store(request: Request, session: Session) -> list[str]:
    """The store of the alert in the path (as "no such alert" for one the caller cannot see)."""
    alert_id = str(request.path_params["alert_id"])
    slug = None
    if alert_id.isdigit():
        slug = session.scalar(
            select(Store.slug)
            .join(AlertCase, AlertCase.store_id == Store.id)
            .where(AlertCase.id == int(alert_id))
        )
    if slug is None:
        raise NotFoundError(f"no alert {alert_id}")
    return [slug]


ViewDep = Annotated[Access, Depends(require(Permission.STORE_VIEW, _alert_store))]
HandleDep = Annotated[Access, Depends(require(Permission.ALERTS_HANDLE, _alert_store))]
ListDep = Annotated[
    Access,
    Depends(require(Permission.STORE_VIEW, from_query("store", optional=True), anywhere=True)),
]


@router.get("")
def list_alerts(
    *,
    access: ListDep,
    session: SessionDep,
    store: str | None = None,
    status: StatusFilter = "active",
    severity: SeverityName | None = None,
    kind: Annotated[str | None, Query(max_length=48)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AlertList:
    query = select(AlertCase, Store.slug).join(Store, Store.id == AlertCase.store_id)
    if access.stores:
        query = query.where(AlertCase.store_id == access.store.id)
    else:
        seen = [s.id for s in visible_stores(session, access.principal)]
        query = query.where(AlertCase.store_id.in_(seen))
    if status == "active":
        query = query.where(AlertCase.status != RESOLVED)
    elif status != "all":
        query = query.where(AlertCase.status == status)
    if severity is not None:
        query = query.where(AlertCase.severity == severity)
    if kind is not None:
        query = query.where(AlertCase.kind == kind)
    query = query.order_by(
        STATUS_ORDER, SEVERITY_ORDER, AlertCase.last_seen.desc(), AlertCase.id.desc()
    )
    rows = session.execute(query.limit(limit).offset(offset)).all()
    return AlertList(alerts=[read(row[0], row[1]) for row in rows])


def detail(session: Session, case_: AlertCase) -> AlertDetail:
    events = [AlertEventRead.model_validate(e) for e in history(session=session, case_id=case_.id)]
    answers = [StoreAnswerRead.model_validate(a) for a in store_answers(session, case_)]
    return AlertDetail(
        **read(case_, _slug(session, case_.store_id)).model_dump(),
        history=events,
        store_answers=answers,
    )


@router.get("/{alert_id}")
def get_alert(alert_id: int, _access: ViewDep, session: SessionDep) -> AlertDetail:
    return detail(session, get_case(session=session, case_id=alert_id))


@router.post("/{alert_id}/acknowledge")
def post_acknowledge(
    alert_id: int, body: AcknowledgeBody, access: HandleDep, session: SessionDep, now: NowDep
) -> AlertDetail:
    free_text.check_api("by", body.by)
    by = body.by or access.principal.name
    case_ = acknowledge(session=session, case_id=alert_id, by=by, now=now)
    send_to_store(session, case_, actor=access.principal.actor, by=by, now=now)
    session.commit()
    return detail(session, case_)


@router.post("/{alert_id}/resolve")
def post_resolve(
    alert_id: int, body: ResolveBody, access: HandleDep, session: SessionDep, now: NowDep
) -> AlertDetail:
    free_text.check_api("by", body.by)
    free_text.check_api("note", body.note)
    by = body.by or access.principal.name
    case_ = resolve(session=session, case_id=alert_id, by=by, note=body.note, now=now)
    session.commit()
    return detail(session, case_)
