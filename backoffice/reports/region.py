"""The figures a region (operating support) and a municipality (service plan) ask of a store per
calendar year: turnover, groceries' net turnover, opening hours, visits per hour and weekday,
distinct customers per month (counts only, never who), and the breadth of the range.

Opening hours come from the store's settings in the backoffice (weekly hours); a store without
weekly hours is open around the clock (the controller's default). Settings keep no history, so
the year is counted with today's hours; the figure says where its hours came from.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, time, timedelta

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from backoffice.catalog.models import StoreCatalogSettings
from backoffice.reports.catalog_seams import ProductFacts
from backoffice.reports.figures import CategoryRow, Figures
from backoffice.reports.periods import Grain, LocalClock, days
from backoffice.reports.products import categories_of, product_report
from backoffice.reports.products_facts import ProductsFacts
from backoffice.reports.sales import sales_report
from backoffice.reports.scope import ReportScope, local_midnight
from backoffice.reports.sources import visit_hours
from backoffice.reports.vat import vat_report
from backoffice.stores.models import Store
from backoffice.visits.models import Visit

GRANTED = ("granted", "remote_unlock")


class MonthCount(Figures):
    month: str
    customers: int


class OpeningHoursFigure(Figures):
    hours_per_year: float
    average_hours_per_week: float
    source: str
    """"settings" (the store's weekly hours) or "around_the_clock" (none set)."""


class RegionFigures(Figures):
    store_id: int
    store_name: str
    org_number: str
    year: int
    time_zone: str
    turnover_gross_ore: int
    turnover_net_ore: int
    groceries_net_ore: int
    """Net of goods at the food VAT class, without deposits (pant)."""
    pant_gross_ore: int
    sales_count: int
    opening_hours: OpeningHoursFigure
    visits_by_hour: tuple[int, ...]
    """Granted entries per local hour of day, 0-23."""
    visits_by_weekday: tuple[int, ...]
    """Granted entries per weekday, Monday first."""
    refused_visits: int
    customers_by_month: tuple[MonthCount, ...]
    customers_in_year: int
    articles_sold: int
    categories: tuple[CategoryRow, ...]
    category_source: str


def region_figures(
    *,
    session: Session,
    store_id: int,
    year: int,
    zone: str,
    facts: ProductFacts | None = None,
) -> RegionFigures:
    """Everything for one store and one calendar year."""
    facts = facts or ProductsFacts()
    store = session.get(Store, store_id)
    assert store is not None
    scope = ReportScope.of([store_id], date(year, 1, 1), date(year, 12, 31), zone)
    vat = vat_report(session=session, scope=scope, grain=Grain.TOTAL)
    products = product_report(session=session, scope=scope, facts=facts)
    categories = categories_of(products, facts.source)
    by_hour, by_weekday, refused = _visits(session, scope)
    months, in_year = _customers(session, scope)
    return RegionFigures(
        store_id=store_id,
        store_name=store.name,
        org_number=store.org_number,
        year=year,
        time_zone=zone,
        turnover_gross_ore=sum(r.gross_ore for r in vat.totals),
        turnover_net_ore=sum(r.net_ore for r in vat.totals),
        groceries_net_ore=sum(
            r.net_ore for r in products.rows if r.vat_class == "food" and r.kind == "goods"
        ),
        pant_gross_ore=sum(r.gross_ore for r in products.rows if r.kind == "pant"),
        sales_count=_sales_count(session, scope),
        opening_hours=opening_hours(session=session, store_id=store_id, year=year, zone=zone),
        visits_by_hour=by_hour,
        visits_by_weekday=by_weekday,
        refused_visits=refused,
        customers_by_month=months,
        customers_in_year=in_year,
        articles_sold=len({r.product_key for r in products.rows if r.kind == "goods"}),
        categories=categories.rows,
        category_source=categories.source,
    )


def _sales_count(session: Session, scope: ReportScope) -> int:
    return sales_report(session=session, scope=scope, grain=Grain.TOTAL).total.sales_count


def _visits(session: Session, scope: ReportScope) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    clock = LocalClock(scope.zone)
    hours, weekdays, refused = [0] * 24, [0] * 7, 0
    for hour, outcome, count in visit_hours(session, scope):
        if outcome not in GRANTED:
            refused += count
            continue
        local = clock.local(hour)
        hours[local.hour] += count
        weekdays[local.weekday()] += count
    return tuple(hours), tuple(weekdays), refused


def _customers(session: Session, scope: ReportScope) -> tuple[tuple[MonthCount, ...], int]:
    """Distinct customers per local month and in the year, counted from one query of the
    distinct (month, customer) pairs of the year's granted visits."""
    (store_id,) = scope.store_ids
    year = scope.start.year
    firsts = [date(year, month, 1) for month in range(1, 13)]
    edges = [local_midnight(first, scope.zone) for first in firsts[1:]]
    month = case(
        *((Visit.occurred_at < edge, number) for number, edge in enumerate(edges, start=1)),
        else_=12,
    )
    query = (
        select(month, Visit.identity_hash)
        .where(
            Visit.store_id == store_id,
            Visit.occurred_at >= scope.utc_start,
            Visit.occurred_at < scope.utc_end,
            Visit.outcome.in_(GRANTED),
            Visit.identity_hash.is_not(None),
        )
        .group_by(month, Visit.identity_hash)
    )
    per_month: dict[int, int] = defaultdict(int)
    everyone: set[str] = set()
    for number, identity in session.execute(query):
        per_month[int(number)] += 1
        everyone.add(identity)
    months = tuple(
        MonthCount(month=f"{year}-{number:02d}", customers=per_month.get(number, 0))
        for number in range(1, 13)
    )
    return months, len(everyone)


def opening_hours(*, session: Session, store_id: int, year: int, zone: str) -> OpeningHoursFigure:
    """Hours open in the calendar year by the store's weekly hours (local wall-clock time)."""
    settings = session.scalar(
        select(StoreCatalogSettings.settings).where(StoreCatalogSettings.store_id == store_id)
    )
    weekly: dict[int, float] = defaultdict(float)
    for interval in (settings or {}).get("opening_hours", ()):
        opens, closes = (
            time.fromisoformat(interval["opens"]),
            time.fromisoformat(interval["closes"]),
        )
        minutes = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
        weekly[int(interval["weekday"])] += minutes / 60
    first, last = date(year, 1, 1), date(year, 12, 31)
    if weekly:
        hours = sum(weekly.get(day.weekday(), 0.0) for day in days(first, last))
        source = "settings"
    else:
        scope = ReportScope.of([store_id], first, last, zone)
        hours = (scope.utc_end - scope.utc_start) / timedelta(hours=1)
        source = "around_the_clock"
    weeks = ((last - first).days + 1) / 7
    return OpeningHoursFigure(
        hours_per_year=round(hours, 2),
        average_hours_per_week=round(hours / weeks, 2),
        source=source,
    )
