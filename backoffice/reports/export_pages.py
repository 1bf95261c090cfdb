"""The exports page (owners and bookkeepers with reports.export): CSV with options, SIE 4I per
month, the journal XML, the region PDF. Each form lands on `/reports/download`, which sends the
browser to the API's export (that route checks access again and writes the audit record)."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.deps import NowDep, SessionDep
from backoffice.reports.pages import GRAIN_NAMES, PageError, choose
from backoffice.web.templating import render

router = APIRouter(tags=["pages"])
ExportsDep = Annotated[
    Access,
    Depends(require(Permission.REPORTS_EXPORT, from_query("store", optional=True), anywhere=True)),
]
ExportStoreDep = Annotated[Access, Depends(require(Permission.REPORTS_EXPORT, from_query("store")))]
Kind = Literal["sales.csv", "vat.csv", "products.csv", "sie", "journal.xml"]
MONTHLY: frozenset[str] = frozenset({"sie", "journal.xml"})


def month_range(month: str) -> tuple[date, date]:
    """`YYYY-MM` as its first and last day."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except ValueError:
        raise PageError(f"a month is written YYYY-MM, not {month!r}") from None
    return first, first.replace(day=calendar.monthrange(year, number)[1])


@router.get("/reports/exports")
def exports_page(
    request: Request, *, access: ExportsDep, session: SessionDep, now: NowDep
) -> Response:
    chosen = choose(
        session, access=access, now=now, start=None, end=None, permission=Permission.REPORTS_EXPORT
    )
    last_month = (chosen.start.replace(day=1) - date.resolution).strftime("%Y-%m")
    return render(
        request,
        "exports.html",
        principal=access.principal,
        chosen=chosen,
        last_month=last_month,
        grain_names=GRAIN_NAMES,
        may_export=True,
    )


@router.get("/reports/download")
def download(
    *,
    access: ExportStoreDep,
    kind: Kind,
    month: Annotated[str | None, Query(max_length=7)] = None,
    start: date | None = None,
    end: date | None = None,
    grain: Annotated[str, Query(pattern="^(day|week|month)$")] = "day",
    bom: bool = False,
    checksum: bool = False,
) -> Response:
    """Sends the browser on to the export the form asked for (a month, or from and to)."""
    store = access.store
    if kind in MONTHLY or month:
        if not month:
            raise PageError("choose a month")
        start, end = month_range(month)
    if start is None or end is None or start > end:
        raise PageError("choose the first and the last day (the first one not after the last)")
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
