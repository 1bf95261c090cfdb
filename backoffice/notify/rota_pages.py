"""`/stores/{slug}/rota`: the store's on-call rota on a page. Everyone who sees the store sees who
is on watch now, the weekly pattern and the exceptions ahead; owners (settings.write) add and
remove shifts and exceptions, each change audited (`rota.shift.add` / `.remove`,
`rota.exception.add` / `.remove`). Times are Swedish local time, as the rota counts them."""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import BackofficeError
from backoffice.notify import service
from backoffice.notify.rota import LOCAL, contacts, on_watch
from backoffice.notify.schemas import ExceptionWrite, ShiftWrite
from backoffice.web.templating import render

router = APIRouter(tags=["pages"])
ViewDep = Annotated[Access, Depends(require(Permission.STORE_VIEW, from_path("slug")))]
WriteDep = Annotated[Access, Depends(require(Permission.SETTINGS_WRITE, from_path("slug")))]
DAYS = ("Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag")


def _page(
    request: Request,
    session: Session,
    access: Access,
    now: datetime,
    *,
    status_code: int = 200,
    error: str | None = None,
) -> Response:
    store = access.store
    people = contacts(session, store.id)
    return render(
        request,
        "rota.html",
        principal=access.principal,
        store=store,
        watching=on_watch(session, store.id, now),
        people=people,
        names={c.id: c.name for c in people},
        shifts=service.shifts(session, store.id),
        exceptions=service.exceptions_ahead(session, store.id, now),
        days=DAYS,
        local=lambda at: at.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M"),
        may_write=access.principal.may(Permission.SETTINGS_WRITE, store),
        error=error,
        status_code=status_code,
    )


@router.get("/stores/{slug}/rota")
def rota_page(
    slug: str, request: Request, access: ViewDep, session: SessionDep, now: NowDep
) -> Response:
    return _page(request, session, access, now)


def _number(form: dict[str, str], key: str) -> int:
    value = form.get(key, "").strip()
    if not value.isdigit():
        raise BackofficeError(f"{key}: välj ett värde")
    return int(value)


def _local(value: str, key: str) -> datetime:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=LOCAL)
    except ValueError:
        raise BackofficeError(f"{key}: ange datum och tid") from None


def _checked(model: type[ShiftWrite] | type[ExceptionWrite], values: dict[str, Any]) -> Any:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        error = exc.errors(include_input=False)[0]
        where = ".".join(str(part) for part in error["loc"])
        raise BackofficeError(f"{where}: {error['msg']}".removeprefix(": ")) from None


async def _change(
    request: Request, session: Session, access: Access, now: datetime, what: str
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    store = access.store
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    try:
        if what == "shift.add":
            starts = time.fromisoformat(form.get("starts") or "x")
            ends = time.fromisoformat(form.get("ends") or "x")
            body = _checked(
                ShiftWrite,
                {
                    "contact_id": _number(form, "contact_id"),
                    "weekday": _number(form, "weekday"),
                    "starts": starts,
                    "ends": ends,
                },
            )
            after = service.shift_view(service.add_shift(session, store.id, body))
        elif what == "shift.remove":
            before = service.remove_shift(session, store.id, _number(form, "shift_id"))
        elif what == "exception.add":
            body = _checked(
                ExceptionWrite,
                {
                    "contact_id": _number(form, "contact_id"),
                    "starts_at": _local(form.get("starts_at", ""), "starts_at"),
                    "ends_at": _local(form.get("ends_at", ""), "ends_at"),
                },
            )
            after = service.exception_view(service.add_exception(session, store.id, body))
        else:
            before = service.remove_exception(session, store.id, _number(form, "exception_id"))
    except ValueError:
        session.rollback()
        return _page(request, session, access, now, status_code=400, error="ange tider som 07:00")
    except BackofficeError as exc:
        session.rollback()
        return _page(request, session, access, now, status_code=400, error=exc.detail)
    record(
        session,
        actor=access.principal.actor,
        action=f"rota.{what}",
        now=now,
        store_id=store.id,
        target=store.slug,
        before=before,
        after=after,
    )
    session.commit()
    return RedirectResponse(f"/stores/{store.slug}/rota", status_code=303)


@router.post("/stores/{slug}/rota/shifts")
async def add_shift(
    slug: str, request: Request, access: WriteDep, session: SessionDep, now: NowDep
) -> Response:
    return await _change(request, session, access, now, "shift.add")


@router.post("/stores/{slug}/rota/shifts/remove")
async def remove_shift(
    slug: str, request: Request, access: WriteDep, session: SessionDep, now: NowDep
) -> Response:
    return await _change(request, session, access, now, "shift.remove")


@router.post("/stores/{slug}/rota/exceptions")
async def add_exception(
    slug: str, request: Request, access: WriteDep, session: SessionDep, now: NowDep
) -> Response:
    return await _change(request, session, access, now, "exception.add")


@router.post("/stores/{slug}/rota/exceptions/remove")
async def remove_exception(
    slug: str, request: Request, access: WriteDep, session: SessionDep, now: NowDep
) -> Response:
    return await _change(request, session, access, now, "exception.remove")
