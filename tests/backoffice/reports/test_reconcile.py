"""Every figure reconciled against the raw sales: per local day and rate, to the öre, across the
food VAT change (2026-04-01) and the spring clock change (2026-03-29), on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from backoffice.reports.periods import Grain
from backoffice.reports.products import product_report
from backoffice.reports.sales import payment_methods, sales_report
from backoffice.reports.scope import ReportScope
from backoffice.reports.vat import vat_report
from retail import wire
from tests.backoffice.reports.trading import (
    SaleSpec,
    local_day,
    sale_specs,
    store_sales,
    vat_by_day,
)

SLUGS = itertools.count(1)
SCOPES = [
    (date(2026, 3, 26), date(2026, 4, 3)),  # raw lines only (no whole UTC month inside)
    (date(2026, 3, 1), date(2026, 3, 31)),  # a local month: the UTC month trimmed and extended
    (date(2026, 2, 10), date(2026, 5, 20)),  # whole months from the rollup, raw at both ends
]
wide_specs = st.one_of(
    sale_specs,
    sale_specs.map(lambda s: SaleSpec(s.at.replace(month=2, day=25), s.lines, s.method)),
    sale_specs.map(lambda s: SaleSpec(s.at.replace(month=5, day=2), s.lines, s.method)),
)


def sales_by_day(sales: list[wire.Sale]) -> dict[str, tuple[int, int, int, int]]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for sale in sales:
        entry = sums[local_day(sale.occurred_at).isoformat()]
        entry[0] += 1
        entry[1] += sale.total_ore < 0
        entry[2 if sale.total_ore >= 0 else 3] += sale.total_ore
    return {day: (a, b, c, d) for day, (a, b, c, d) in sums.items()}


def in_range(sales: list[wire.Sale], start: date, end: date) -> list[wire.Sale]:
    return [s for s in sales if start <= local_day(s.occurred_at) <= end]


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(wide_specs, min_size=1, max_size=25))
def test_every_figure_equals_the_receipts(
    sessions: sessionmaker[Session], specs: list[SaleSpec]
) -> None:
    with sessions.begin() as session:
        store_id, sales = store_sales(session, f"byn-{next(SLUGS)}", specs)
        for start, end in SCOPES:
            scope = ReportScope.of([store_id], start, end, "Europe/Stockholm")
            chosen = in_range(sales, start, end)
            check_vat(session, scope, chosen)
            check_sales(session, scope, chosen)
            check_payments(session, scope, chosen)
            check_products(session, scope, chosen)


def check_vat(session: Session, scope: ReportScope, sales: list[wire.Sale]) -> None:
    report = vat_report(session=session, scope=scope, grain=Grain.DAY)
    got = {(r.period, r.rate_bp): (r.gross_ore, r.vat_ore, r.net_ore) for r in report.rows}
    assert got == vat_by_day(sales)
    month = vat_report(session=session, scope=scope, grain=Grain.MONTH)
    assert sum(r.vat_ore for r in month.rows) == sum(v.vat_ore for s in sales for v in s.vat)


def check_sales(session: Session, scope: ReportScope, sales: list[wire.Sale]) -> None:
    report = sales_report(session=session, scope=scope, grain=Grain.DAY)
    got = {
        r.period: (r.receipts, r.returns, r.sales_ore, r.returns_ore)
        for r in report.rows
        if r.receipts
    }
    assert got == sales_by_day(sales)
    assert report.total.net_ore == sum(s.total_ore for s in sales)
    assert next(r.period for r in report.rows) == scope.start.isoformat()
    assert len(report.rows) == scope.days
    by_hour = sales_report(session=session, scope=scope, grain=Grain.HOUR)
    expected_hours: dict[str, int] = defaultdict(int)
    for sale in sales:
        expected_hours[f"{sale.occurred_at.astimezone(scope.zone).hour:02d}"] += sale.total_ore
    assert {r.period: r.net_ore for r in by_hour.rows if r.receipts} == dict(expected_hours)


def check_payments(session: Session, scope: ReportScope, sales: list[wire.Sale]) -> None:
    expected: dict[str, int] = defaultdict(int)
    for sale in sales:
        for payment in sale.payments:
            expected[str(payment.method)] += payment.amount_ore
    got = {p.method: p.amount_ore for p in payment_methods(session=session, scope=scope)}
    assert got == dict(expected)


def check_products(session: Session, scope: ReportScope, sales: list[wire.Sale]) -> None:
    expected: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for sale in sales:
        for line in sale.lines:
            entry = expected[(line.product_key, str(line.kind))]
            entry[0] += 1
            entry[1] += line.quantity
            entry[2] += line.amount_ore
    report = product_report(session=session, scope=scope)
    got = {(r.product_key, r.kind): [r.lines, r.quantity, r.gross_ore] for r in report.rows}
    assert got == dict(expected)
