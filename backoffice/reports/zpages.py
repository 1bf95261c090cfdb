"""The Z-reports page (per store and day, printable) and the region and municipality figures
page (a PDF beside it), for owners and bookkeepers."""

from __future__ import annotations

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
    choose_shown,
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
    start: Annotated[str | None, Query(max_length=40)] = None,
    end: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """The Z-reports of one store from `start` through `end` (the last one shown first)."""
    shown = choose_shown(request, session, access=access, now=now, start=start, end=end)
    chosen = shown.chosen
    scope = chosen.scope()
    checks = {(c.register_id, c.z_number): c for c in z_checks(session=session, scope=scope)}
    reports = sorted(
        z_reports(session=session, scope=scope), key=lambda z: z.closed_at, reverse=True
    )
    return render(
        request,
        "zreports.html",
        principal=access.principal,
        status_code=shown.status,
        error=shown.error,
        typed=shown.typed,
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
    error = None
    if shown > chosen.end.year:
        error = PageError("År {year} har inte börjat än.", year=shown).say(
            request, access.principal
        )
        shown = chosen.end.year
    figures = region_figures(
        session=session, store_id=chosen.store.id, year=shown, zone=chosen.store.time_zone
    )
    return render(
        request,
        "region.html",
        principal=access.principal,
        status_code=200 if error is None else 400,
        error=error,
        chosen=chosen,
        year=shown,
        years=list(range(chosen.end.year, chosen.end.year - 6, -1)),
        figures=figures,
        hours=list(enumerate(figures.visits_by_hour)),
        weekdays=list(zip(WEEKDAY_NAMES, figures.visits_by_weekday, strict=True)),
        may_export=access.principal.may(Permission.REPORTS_EXPORT, chosen.store),
    )
