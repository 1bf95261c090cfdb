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
from backoffice.reports.weekly_models import WeeklySubscription
from backoffice.stores.models import Store
from backoffice.web import nav
from backoffice.web.templating import add_folder, language, render

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
    """A report form filled in wrong: the page shows the form again with what to change, in the
    reader's language (`text` is Swedish and a key of the English table, `values` fill it in)."""

    def __init__(self, text: str, **values: object) -> None:
        super().__init__(text.format(**values))
        self.text = text
        self.values = values

    def say(self, request: Request, principal: Principal) -> str:
        return language(request, principal).gettext(self.text).format(**self.values)


def day_of(text: str | None) -> date | None:
    """A form's day (`YYYY-MM-DD`, empty for the default)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PageError("Skriv dagen som ÅÅÅÅ-MM-DD, inte {typed}.", typed=text) from None


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
        raise PageError("Du har ingen butik vars rapporter du får se.")
    last = end or now.astimezone(ZoneInfo(store.time_zone)).date()
    first = start or last.replace(day=1)
    if first > last:
        raise PageError("Första dagen kommer efter den sista.")
    if (last - first).days > MAX_DAYS:
        raise PageError(
            "En sida visar högst {days} dagar; exportera längre perioder.", days=MAX_DAYS
        )
    return Chosen(store, stores, first, last)


@dataclass(frozen=True, slots=True)
class Shown:
    """What a page shows: the chosen store and days, or, when the form was filled in wrong, the
    default days with the message and what was typed (the form keeps it)."""

    chosen: Chosen
    error: str | None = None
    typed: dict[str, str] | None = None

    @property
    def status(self) -> int:
        return 200 if self.error is None else 400


def choose_shown(
    request: Request,
    session: Session,
    *,
    access: Access,
    now: datetime,
    start: str | None,
    end: str | None,
    permission: Permission = Permission.SALES_VIEW,
) -> Shown:
    """`choose` for a page: a wrong entry re-shows the form with a clear message."""
    try:
        return Shown(
            choose(
                session,
                access=access,
                now=now,
                start=day_of(start),
                end=day_of(end),
                permission=permission,
            )
        )
    except PageError as wrong:
        chosen = choose(
            session, access=access, now=now, start=None, end=None, permission=permission
        )
        typed = {"start": start or "", "end": end or ""}
        return Shown(chosen, wrong.say(request, access.principal), typed)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


@router.get("/reports")
def reports_page(
    request: Request,
    *,
    access: ReportsDep,
    session: SessionDep,
    now: NowDep,
    start: Annotated[str | None, Query(max_length=40)] = None,
    end: Annotated[str | None, Query(max_length=40)] = None,
    grain: Annotated[Grain, Query()] = Grain.DAY,
) -> Response:
    shown = choose_shown(request, session, access=access, now=now, start=start, end=end)
    chosen = shown.chosen
    if grain not in GRAINS:
        grain = Grain.DAY
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
        status_code=shown.status,
        error=shown.error,
        typed=shown.typed,
        weekly=session.get(WeeklySubscription, access.principal.person_id) is not None,
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
