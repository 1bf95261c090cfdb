"""The exports page (owners and bookkeepers with reports.export): CSV with options, SIE 4I per
month, the journal XML, the region PDF. Each form lands on `/reports/download`, which sends the
browser to the API's export (that route checks access again and writes the audit record)."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.deps import NowDep, SessionDep
from backoffice.reports.pages import GRAIN_NAMES, PageError, choose, day_of
from backoffice.reports.scope import MAX_DAYS
from backoffice.web.templating import render

router = APIRouter(tags=["pages"])
ExportsDep = Annotated[
    Access,
    Depends(require(Permission.REPORTS_EXPORT, from_query("store", optional=True), anywhere=True)),
]
ExportStoreDep = Annotated[Access, Depends(require(Permission.REPORTS_EXPORT, from_query("store")))]
Kind = Literal["sales.csv", "vat.csv", "products.csv", "sie", "journal.xml"]
MONTHLY: frozenset[str] = frozenset({"sie", "journal.xml"})
MAX_EXPORT_DAYS = MAX_DAYS  # the API's own limit


def month_range(month: str) -> tuple[date, date]:
    """`YYYY-MM` as its first and last day."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except ValueError:
        raise PageError(
            "Skriv månaden som ÅÅÅÅ-MM (till exempel 2026-05), inte {month}.", month=month
        ) from None
    return first, first.replace(day=calendar.monthrange(year, number)[1])


@router.get("/reports/exports")
def exports_page(
    request: Request, *, access: ExportsDep, session: SessionDep, now: NowDep
) -> Response:
    return _exports(request, access, session, now)


def _exports(
    request: Request,
    access: Access,
    session: Session,
    now: datetime,
    *,
    wrong: PageError | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    chosen = choose(
        session, access=access, now=now, start=None, end=None, permission=Permission.REPORTS_EXPORT
    )
    last_month = (chosen.start.replace(day=1) - date.resolution).strftime("%Y-%m")
    return render(
        request,
        "exports.html",
        principal=access.principal,
        status_code=200 if wrong is None else 400,
        error=None if wrong is None else wrong.say(request, access.principal),
        typed=typed or {},
        chosen=chosen,
        last_month=last_month,
        grain_names=GRAIN_NAMES,
        may_export=True,
    )


@router.get("/reports/download")
def download(
    request: Request,
    *,
    access: ExportStoreDep,
    session: SessionDep,
    now: NowDep,
    kind: Kind,
    month: Annotated[str | None, Query(max_length=40)] = None,
    start: Annotated[str | None, Query(max_length=40)] = None,
    end: Annotated[str | None, Query(max_length=40)] = None,
    grain: Annotated[str, Query(pattern="^(day|week|month)$")] = "day",
    bom: bool = False,
    checksum: bool = False,
) -> Response:
    """Sends the browser on to the export the form asked for (a month, or from and to); a
    wrong entry shows the exports page again with what to change and what was typed."""
    try:
        first, last = _days(kind, month, start, end)
    except PageError as wrong:
        typed = {"kind": kind, "month": month or "", "start": start or "", "end": end or ""}
        return _exports(request, access, session, now, wrong=wrong, typed=typed)
    return _redirect(access, kind, first, last, grain=grain, bom=bom, checksum=checksum)


def _days(kind: str, month: str | None, start: str | None, end: str | None) -> tuple[date, date]:
    if kind in MONTHLY or month:
        if not month:
            raise PageError("Välj en månad.")
        return month_range(month)
    first, last = day_of(start), day_of(end)
    if first is None or last is None:
        raise PageError("Välj första och sista dagen.")
    if first > last:
        raise PageError("Första dagen kommer efter den sista.")
    if (last - first).days > MAX_EXPORT_DAYS:
        raise PageError("En export täcker högst {days} dagar; dela upp den.", days=MAX_EXPORT_DAYS)
    return first, last


def _redirect(
    access: Access, kind: str, start: date, end: date, *, grain: str, bom: bool, checksum: bool
) -> Response:
    store = access.store
    params: dict[str, str] = {
        "stores": store.slug,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "tz": store.time_zone,
    }
    if kind.endswith(".csv"):
        params |= {"grain": grain, "bom": str(bom).lower()}
    if kind == "sie":
        params["checksum"] = str(checksum).lower()
    if kind == "journal.xml":
        params["store"] = store.slug
    return RedirectResponse(f"/api/reports/exports/{kind}?{urlencode(params)}", status_code=303)
