"""Sales per period, hour of day, weekday and store; number of sales, average basket, payment
methods, and the comparison with the previous period."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from backoffice.reports.figures import (
    Comparison,
    PaymentRow,
    SalesReport,
    SalesRow,
    SalesSummary,
    ScopeRead,
)
from backoffice.reports.periods import Grain, periods
from backoffice.reports.scope import ReportScope
from backoffice.reports.sources import labelled_sums, payment_hours, sales_hours, sales_local
from retail.rounding import div_round_half_up


def scope_read(scope: ReportScope) -> ScopeRead:
    return ScopeRead(
        store_ids=scope.store_ids, start=scope.start, end=scope.end, time_zone=scope.zone.key
    )


def sales_row(period: str, sums: list[int], store_id: int | None = None) -> SalesRow:
    receipts, returns, sales_ore, returns_ore = sums
    count = receipts - returns
    return SalesRow(
        period=period,
        store_id=store_id,
        receipts=receipts,
        returns=returns,
        sales_count=count,
        sales_ore=sales_ore,
        returns_ore=returns_ore,
        net_ore=sales_ore + returns_ore,
        average_basket_ore=div_round_half_up(sales_ore, count) if count > 0 else None,
    )


def sales_report(
    *, session: Session, scope: ReportScope, grain: Grain, per_store: bool = False
) -> SalesReport:
    """Sales per local `grain` (every period listed, empty ones as zero), optionally per store."""
    buckets: dict[tuple[str, int | None], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    summed = labelled_sums(
        session, scope, grain, per_store=per_store, local=sales_local, hourly=sales_hours
    )
    for label, values in summed:
        store = values.pop(0) if per_store else None
        sums = buckets[(label, store)]
        for i, value in enumerate(values):
            sums[i] += value
    stores: list[int | None] = list(scope.store_ids) if per_store else [None]
    rows = tuple(
        sales_row(label, buckets.get((label, store), [0, 0, 0, 0]), store)
        for store in stores
        for label in periods(scope, grain)
    )
    totals = [sum(row[i] for row in buckets.values()) for i in range(4)]
    return SalesReport(
        scope=scope_read(scope),
        grain=str(grain),
        rows=rows,
        total=sales_row("total", totals),
    )


def payment_methods(*, session: Session, scope: ReportScope) -> tuple[PaymentRow, ...]:
    """Money in per payment method over the range, with each method's share."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for method, count, amount in payment_hours(session, scope, by_hour=False):
        sums[method][0] += count
        sums[method][1] += amount
    whole = sum(amount for _, amount in sums.values())
    return tuple(
        PaymentRow(
            method=method,
            count=count,
            amount_ore=amount,
            share_bp=div_round_half_up(amount * 10_000, whole) if whole > 0 else None,
        )
        for method, (count, amount) in sorted(sums.items())
    )


def sales_summary(*, session: Session, scope: ReportScope) -> SalesSummary:
    """Totals, payment methods and the change against the previous period."""
    current = sales_report(session=session, scope=scope, grain=Grain.TOTAL).total
    previous_scope = scope.previous()
    previous = sales_report(session=session, scope=previous_scope, grain=Grain.TOTAL).total
    change = current.net_ore - previous.net_ore
    return SalesSummary(
        scope=scope_read(scope),
        total=current,
        payments=payment_methods(session=session, scope=scope),
        comparison=Comparison(
            previous=scope_read(previous_scope),
            previous_total=previous,
            net_change_ore=change,
            net_change_bp=(
                div_round_half_up(change * 10_000, previous.net_ore)
                if previous.net_ore > 0
                else None
            ),
            sales_count_change=current.sales_count - previous.sales_count,
        ),
    )
