"""The alerts API (admin token until sign-in and access rules exist).

- `GET /api/alerts?store=&status=&severity=&kind=&limit=&offset=`: open ones first, then
  acknowledged, then resolved; most severe first, then the most recently seen. `status` is
  `active` (open or acknowledged, the default), one status, or `all`.
- `GET /api/alerts/{id}`: the alert with its full history.
- `POST /api/alerts/{id}/acknowledge` `{"by": ...}`: 409 if resolved or acknowledged by another.
- `POST /api/alerts/{id}/resolve` `{"by": ..., "note": ...}`: 409 if resolved already.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import case, select
from sqlalchemy.orm import Session

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
)
from backoffice.deps import AdminDep, NowDep, SessionDep
from backoffice.stores.models import Store
from backoffice.stores.service import get_store

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


@router.get("")
def list_alerts(
    *,
    _admin: AdminDep,
    session: SessionDep,
    store: str | None = None,
    status: StatusFilter = "active",
    severity: SeverityName | None = None,
    kind: Annotated[str | None, Query(max_length=48)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AlertList:
    query = select(AlertCase, Store.slug).join(Store, Store.id == AlertCase.store_id)
    if store is not None:
        query = query.where(AlertCase.store_id == get_store(session=session, slug=store).id)
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
    return AlertDetail(**read(case_, _slug(session, case_.store_id)).model_dump(), history=events)


@router.get("/{alert_id}")
def get_alert(alert_id: int, _admin: AdminDep, session: SessionDep) -> AlertDetail:
    return detail(session, get_case(session=session, case_id=alert_id))


@router.post("/{alert_id}/acknowledge")
def post_acknowledge(
    alert_id: int, body: AcknowledgeBody, _admin: AdminDep, session: SessionDep, now: NowDep
) -> AlertDetail:
    case_ = acknowledge(session=session, case_id=alert_id, by=body.by, now=now)
    session.commit()
    return detail(session, case_)


@router.post("/{alert_id}/resolve")
def post_resolve(
    alert_id: int, body: ResolveBody, _admin: AdminDep, session: SessionDep, now: NowDep
) -> AlertDetail:
    case_ = resolve(session=session, case_id=alert_id, by=body.by, note=body.note, now=now)
    session.commit()
    return detail(session, case_)
