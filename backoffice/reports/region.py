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
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.catalog.models import StoreCatalogSettings
from backoffice.reports.catalog_seams import CatalogFacts, ProductFacts
from backoffice.reports.figures import CategoryRow, Figures
from backoffice.reports.periods import Grain, LocalClock, days
from backoffice.reports.products import category_report, product_report
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
    facts = facts or CatalogFacts()
    store = session.get(Store, store_id)
    assert store is not None
    scope = ReportScope.of([store_id], date(year, 1, 1), date(year, 12, 31), zone)
    vat = vat_report(session=session, scope=scope, grain=Grain.TOTAL)
    products = product_report(session=session, scope=scope, facts=facts)
    categories = category_report(session=session, scope=scope, facts=facts)
    by_hour, by_weekday, refused = _visits(session, scope)
    months = _customers_by_month(session, scope)
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
        customers_in_year=_distinct_customers(session, store_id, scope.utc_start, scope.utc_end),
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


def _distinct_customers(session: Session, store_id: int, start: Any, end: Any) -> int:
    query = select(func.count(func.distinct(Visit.identity_hash))).where(
        Visit.store_id == store_id,
        Visit.occurred_at >= start,
        Visit.occurred_at < end,
        Visit.outcome.in_(GRANTED),
        Visit.identity_hash.is_not(None),
    )
    return int(session.scalar(query) or 0)


def _customers_by_month(session: Session, scope: ReportScope) -> tuple[MonthCount, ...]:
    (store_id,) = scope.store_ids
    result = []
    for month in range(1, 13):
        first = date(scope.start.year, month, 1)
        after = date(scope.start.year + month // 12, month % 12 + 1, 1)
        count = _distinct_customers(
            session, store_id, local_midnight(first, scope.zone), local_midnight(after, scope.zone)
        )
        result.append(MonthCount(month=f"{first.year}-{month:02d}", customers=count))
    return tuple(result)


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
