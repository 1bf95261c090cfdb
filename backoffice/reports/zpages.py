"""The Z-reports page (per store and day, printable) and the region and municipality figures
page (a PDF beside it), for owners and bookkeepers."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from backoffice.access.roles import Permission
from backoffice.deps import NowDep, SessionDep
from backoffice.reports.pages import (
    METHOD_NAMES,
    WEEKDAY_NAMES,
    PageError,
    ReportsDep,
    choose,
)
from backoffice.reports.region import region_figures
from backoffice.reports.zreports import z_checks, z_reports
from backoffice.web.templating import render

router = APIRouter(tags=["pages"])


@router.get("/reports/z")
def z_page(
    request: Request,
    *,
    access: ReportsDep,
    session: SessionDep,
    now: NowDep,
    start: date | None = None,
    end: date | None = None,
) -> Response:
    """The Z-reports of one store from `start` through `end` (the last one shown first)."""
    chosen = choose(session, access=access, now=now, start=start, end=end)
    scope = chosen.scope()
    checks = {(c.register_id, c.z_number): c for c in z_checks(session=session, scope=scope)}
    reports = sorted(
        z_reports(session=session, scope=scope), key=lambda z: z.closed_at, reverse=True
    )
    return render(
        request,
        "zreports.html",
        principal=access.principal,
        chosen=chosen,
        reports=reports,
        checks=checks,
        method_names=METHOD_NAMES,
        may_export=access.principal.may(Permission.REPORTS_EXPORT, chosen.store),
    )


@router.get("/reports/region")
def region_page(
    request: Request,
    *,
    access: ReportsDep,
    session: SessionDep,
    now: NowDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Response:
    """Per store and year: what a support application or the municipal service plan asks for."""
    chosen = choose(session, access=access, now=now, start=None, end=None)
    shown = year or chosen.end.year
    if shown > chosen.end.year:
        raise PageError("that year has not begun")
    figures = region_figures(
        session=session, store_id=chosen.store.id, year=shown, zone=chosen.store.time_zone
    )
    return render(
        request,
        "region.html",
        principal=access.principal,
        chosen=chosen,
        year=shown,
        years=list(range(chosen.end.year, chosen.end.year - 6, -1)),
        figures=figures,
        hours=list(enumerate(figures.visits_by_hour)),
        weekdays=list(zip(WEEKDAY_NAMES, figures.visits_by_weekday, strict=True)),
        may_export=access.principal.may(Permission.REPORTS_EXPORT, chosen.store),
    )
