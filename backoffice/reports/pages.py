"""The reports pages of the web app (owners and bookkeepers): sales with the previous period,
per hour and weekday, products and categories with margins, VAT per period and rate, payment
methods. Each chart is the API's pygal SVG (`<img>`), with its figures in a table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from backoffice.access.principal import Principal, visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import BackofficeError
from backoffice.reports import messages_en  # noqa: F401 - the pages' English
from backoffice.reports.periods import WEEKDAYS_SV, Grain
from backoffice.reports.products import category_report, product_report
from backoffice.reports.sales import sales_report, sales_summary
from backoffice.reports.scope import ReportScope
from backoffice.reports.vat import vat_report
from backoffice.stores.models import Store
from backoffice.web import nav
from backoffice.web.templating import add_folder, render

add_folder(Path(__file__).parent / "templates")
nav.register("/reports", "Rapporter", order=40, permission=Permission.SALES_VIEW)

router = APIRouter(tags=["pages"])
ReportsDep = Annotated[
    Access,
    Depends(require(Permission.SALES_VIEW, from_query("store", optional=True), anywhere=True)),
]
GRAINS = (Grain.DAY, Grain.WEEK, Grain.MONTH)
GRAIN_NAMES = {"day": "Dag", "week": "Vecka", "month": "Månad"}
METHOD_NAMES = {"swish": "Swish", "member_account": "Medlemskonto", "simulated": "Simulerad"}
WEEKDAY_NAMES = tuple(name.capitalize() for name in WEEKDAYS_SV)
TOP_PRODUCTS = 20
MAX_DAYS = 400


class PageError(BackofficeError):
    """A report form filled in wrong (the page says what)."""


@dataclass(frozen=True, slots=True)
class Chosen:
    """The store and local days a page shows, with the choices the form offers."""

    store: Store
    stores: list[Store]
    start: date
    end: date

    def query(self, **extra: str) -> str:
        params = {
            "stores": self.store.slug,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "tz": self.store.time_zone,
        }
        return urlencode({**params, **extra})

    def scope(self) -> ReportScope:
        return ReportScope.of([self.store.id], self.start, self.end, self.store.time_zone)


def report_stores(session: Session, principal: Principal, permission: Permission) -> list[Store]:
    return [s for s in visible_stores(session, principal) if principal.may(permission, s)]


def choose(
    session: Session,
    *,
    access: Access,
    now: datetime,
    start: date | None,
    end: date | None,
    permission: Permission = Permission.SALES_VIEW,
) -> Chosen:
    """The asked-for store (checked by the access rule) or the first the person may see."""
    stores = report_stores(session, access.principal, permission)
    store = access.stores[0] if access.stores else (stores[0] if stores else None)
    if store is None:
        raise PageError("you have no store whose reports you may see")
    last = end or now.astimezone(ZoneInfo(store.time_zone)).date()
    first = start or last.replace(day=1)
    if first > last:
        raise PageError("the first day comes after the last")
    if (last - first).days > MAX_DAYS:
        raise PageError(f"a page covers at most {MAX_DAYS} days; export longer ranges")
    return Chosen(store, stores, first, last)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


@router.get("/reports")
def reports_page(
    request: Request,
    *,
    access: ReportsDep,
    session: SessionDep,
    now: NowDep,
    start: date | None = None,
    end: date | None = None,
    grain: Annotated[Grain, Query()] = Grain.DAY,
) -> Response:
    if grain not in GRAINS:
        raise PageError("choose day, week or month")
    chosen = choose(session, access=access, now=now, start=start, end=end)
    scope = chosen.scope()
    summary = sales_summary(session=session, scope=scope)
    sales = sales_report(session=session, scope=scope, grain=grain)
    hours = sales_report(session=session, scope=scope, grain=Grain.HOUR)
    weekdays = sales_report(session=session, scope=scope, grain=Grain.WEEKDAY)
    products = product_report(session=session, scope=scope, limit=TOP_PRODUCTS)
    categories = category_report(session=session, scope=scope)
    vat = vat_report(session=session, scope=scope, grain=grain)
    return render(
        request,
        "reports.html",
        principal=access.principal,
        chosen=chosen,
        grain=grain.value,
        grains=[g.value for g in GRAINS],
        summary=summary,
        sales=sales,
        hours=hours,
        weekdays=weekdays,
        weekday_names=WEEKDAY_NAMES,
        grain_names=GRAIN_NAMES,
        method_names=METHOD_NAMES,
        parse_day=date.fromisoformat,
        products=products,
        categories=categories,
        vat=vat,
        share=_share,
        may_export=access.principal.may(Permission.REPORTS_EXPORT, chosen.store),
        previous_end=chosen.start - timedelta(days=1),
    )
