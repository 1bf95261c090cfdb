"""The volunteer's alerts page: open alerts first, acknowledge or resolve (with a note) in one
tap, what happened in plain words and the store's local time, and each alert's history.

- `GET /alerts?show=active|all&store=`: the list (store.view).
- `GET /alerts/{id}`: one alert with its history (store.view).
- `POST /alerts/{id}/acknowledge`, `POST /alerts/{id}/resolve` (note): alerts.handle, CSRF, an
  audit record each; then back to the alert (303).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from backoffice import free_text
from backoffice.access.principal import visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.alerts.door_ack import send_to_store, store_answers
from backoffice.alerts.lifecycle import acknowledge, get_case, history, resolve
from backoffice.alerts.messages_en import ALERTS_EN
from backoffice.alerts.models import RESOLVED, AlertCase
from backoffice.alerts.router import SEVERITY_ORDER, STATUS_ORDER, HandleDep, ViewDep
from backoffice.alerts.words import (
    ANSWER_WORDS,
    EVENT_WORDS,
    SEVERITY_WORDS,
    STATUS_WORDS,
    kind_words,
)
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import ConflictError
from backoffice.web import nav
from backoffice.web.messages_en import ENGLISH
from backoffice.web.templating import add_folder, language, render
from retail import contains_personnummer

add_folder(Path(__file__).parent / "templates")
ENGLISH.update(ALERTS_EN)
nav.register("/alerts", "Larm", order=5, permission=Permission.STORE_VIEW)

router = APIRouter(tags=["pages"])
ListDep = Annotated[
    Access,
    Depends(require(Permission.STORE_VIEW, from_query("store", optional=True), anywhere=True)),
]
WORDS: dict[str, Any] = {
    "kind_words": kind_words,
    "severity_words": SEVERITY_WORDS,
    "status_words": STATUS_WORDS,
    "event_words": EVENT_WORDS,
}


@router.get("/alerts")
def alerts_page(
    request: Request,
    access: ListDep,
    session: SessionDep,
    show: Literal["active", "all"] = "active",
    store: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    stores = [access.store] if access.stores else visible_stores(session, access.principal)
    query = (
        select(AlertCase)
        .where(AlertCase.store_id.in_([s.id for s in stores]))
        .order_by(STATUS_ORDER, SEVERITY_ORDER, AlertCase.last_seen.desc(), AlertCase.id.desc())
        .limit(200)
    )
    if show == "active":
        query = query.where(AlertCase.status != RESOLVED)
    cases = list(session.scalars(query))
    by_id = {s.id: s for s in stores}
    handle = {s.id: access.principal.may(Permission.ALERTS_HANDLE, s) for s in stores}
    return render(
        request,
        "alerts.html",
        principal=access.principal,
        cases=cases,
        stores=by_id,
        may_handle=handle,
        show=show,
        store=store or "",
        **WORDS,
    )


@router.get("/alerts/{alert_id}")
def alert_page(request: Request, alert_id: int, access: ViewDep, session: SessionDep) -> Response:
    return _alert(request, alert_id, access, session)


def _alert(
    request: Request,
    alert_id: int,
    access: Access,
    session: SessionDep,
    error: str = "",
    *,
    status: int = 409,
) -> Response:
    case = get_case(session=session, case_id=alert_id)
    return render(
        request,
        "alert.html",
        principal=access.principal,
        case=case,
        store=access.store,
        events=history(session=session, case_id=case.id),
        answers=store_answers(session, case),
        answer_words=ANSWER_WORDS,
        may_handle=access.principal.may(Permission.ALERTS_HANDLE, access.store),
        error=error,
        status_code=status if error else 200,
        **WORDS,
    )


def _conflict(request: Request, access: Access, exc: ConflictError) -> str:
    _ = language(request, access.principal).gettext
    if "resolved" in exc.detail:
        return _("Larmet är redan löst.")
    return _("Någon annan har redan kvitterat larmet.")


def _back(alert_id: int) -> RedirectResponse:
    return RedirectResponse(f"/alerts/{alert_id}", status_code=303)


@router.post("/alerts/{alert_id}/acknowledge")
def acknowledge_form(
    request: Request, alert_id: int, access: HandleDep, session: SessionDep, now: NowDep
) -> Response:
    try:
        case = acknowledge(session=session, case_id=alert_id, by=access.principal.name, now=now)
    except ConflictError as exc:
        session.rollback()
        return _alert(request, alert_id, access, session, _conflict(request, access, exc))
    record(
        session,
        actor=access.principal.actor,
        action="alert.acknowledge",
        now=now,
        store_id=case.store_id,
        target=str(case.id),
        after={"kind": case.kind},
    )
    send_to_store(session, case, actor=access.principal.actor, by=access.principal.name, now=now)
    session.commit()
    return _back(alert_id)


@router.post("/alerts/{alert_id}/resolve")
def resolve_form(
    *,
    request: Request,
    alert_id: int,
    access: HandleDep,
    session: SessionDep,
    now: NowDep,
    note: Annotated[str, Form(min_length=1, max_length=1000)],
) -> Response:
    if contains_personnummer(note):  # shown again with the note empty, never repeated
        text = language(request, access.principal).gettext(free_text.REFUSED)
        return _alert(request, alert_id, access, session, text, status=400)
    try:
        case = resolve(
            session=session, case_id=alert_id, by=access.principal.name, note=note.strip(), now=now
        )
    except ConflictError as exc:
        session.rollback()
        return _alert(request, alert_id, access, session, _conflict(request, access, exc))
    record(
        session,
        actor=access.principal.actor,
        action="alert.resolve",
        now=now,
        store_id=case.store_id,
        target=str(case.id),
        after={"kind": case.kind, "note": case.resolution_note},
    )
    session.commit()
    return _back(alert_id)
