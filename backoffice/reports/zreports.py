"""Z-reports per store and day, with the sums Swedish cash-register rules ask of a Z-report, and
their reconciliation against the receipts they cover and against the day's VAT report.

A register closes one Z-report per business day covering its receipts `first..last`. What the rules
ask for and a self-scan register without cash cannot have is stated as such: no cash drawer (0
openings, no float), no training mode, no discounts; receipt copies and unfinished sales are not
reported by the register today (None).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, case, func, literal_column, select
from sqlalchemy.orm import Session

from backoffice.reports.figures import Figures, PaymentRow, VatRow, trusted_builder
from backoffice.reports.scope import ReportScope
from backoffice.reports.sources import total
from backoffice.reports.vat import vat_by_store_day
from backoffice.sales.models import Sale, SalePayment, SaleVat
from backoffice.stores.models import Store
from backoffice.zreports.models import ZReport


class ZReportRead(Figures):
    store_id: int
    store_name: str
    org_number: str
    address: str
    register_id: str
    z_number: int
    business_date: date
    opened_at: datetime
    closed_at: datetime
    first_receipt: int | None
    last_receipt: int | None
    receipt_count: int
    return_count: int
    sales_ore: int
    returns_ore: int
    net_ore: int
    vat: tuple[VatRow, ...]
    payments: tuple[PaymentRow, ...]
    grand_total_sales_ore: int
    grand_total_returns_ore: int
    grand_total_net_ore: int
    cash_drawer_openings: int = 0
    float_ore: int = 0
    training_receipts: int = 0
    discounts_ore: int = 0
    receipt_copies: int | None = None
    unfinished_sales: int | None = None


class ZCheck(Figures):
    """A Z-report against the receipts its range covers, as the backoffice holds them."""

    store_id: int
    register_id: str
    z_number: int
    business_date: date
    receipts_found: int
    matches: bool
    differences: tuple[str, ...]


class DayCheck(Figures):
    """A store's day: VAT per rate from the receipts of the local day against its Z-reports."""

    store_id: int
    day: date
    z_numbers: tuple[int, ...]
    matches: bool
    differences: tuple[str, ...]


def _z_rows(session: Session, scope: ReportScope) -> list[ZReport]:
    query = (
        select(ZReport)
        .where(
            ZReport.store_id.in_(scope.store_ids),
            ZReport.business_date >= scope.start,
            ZReport.business_date <= scope.end,
        )
        .order_by(ZReport.store_id, ZReport.business_date, ZReport.register_id, ZReport.z_number)
    )
    return list(session.scalars(query))


@cache
def _z_list_query() -> Any:
    """The list's statement, built once (its parameters bound per call)."""
    return (
        select(
            ZReport.store_id,
            ZReport.register_id,
            ZReport.z_number,
            ZReport.business_date,
            ZReport.opened_at,
            ZReport.closed_at,
            ZReport.receipt_count,
            ZReport.sales_ore,
            ZReport.returns_ore,
            ZReport.grand_total_ore,
            ZReport.grand_sales_ore,
            ZReport.grand_returns_ore,
            ZReport.body,
            Store.name,
            Store.org_number,
            Store.address,
            _return_count(),
        )
        .join(Store, Store.id == ZReport.store_id)
        .where(
            ZReport.store_id.in_(bindparam("stores", expanding=True)),
            ZReport.business_date >= bindparam("first"),
            ZReport.business_date <= bindparam("last"),
        )
        .order_by(ZReport.store_id, ZReport.business_date, ZReport.register_id, ZReport.z_number)
    )


def _z_list_rows(session: Session, scope: ReportScope) -> list[Any]:
    """The columns the list shows, with the store's and the count of returns, as plain rows (one
    statement, no ORM objects)."""
    params = {"stores": list(scope.store_ids), "first": scope.start, "last": scope.end}
    return list(session.connection().execute(_z_list_query(), params).all())


def z_reports(*, session: Session, scope: ReportScope) -> tuple[ZReportRead, ...]:
    """The Z-reports of the scope's stores with business dates in the range."""
    rows = _z_list_rows(session, scope)
    construct, vat_row, payment_row = (
        trusted_builder(ZReportRead),
        trusted_builder(VatRow),
        trusted_builder(PaymentRow),
    )
    result = []
    for (
        store_id,
        register_id,
        z_number,
        business_date,
        opened_at,
        closed_at,
        receipt_count,
        sales_ore,
        returns_ore,
        grand_total_ore,
        grand_sales_ore,
        grand_returns_ore,
        body,
        store_name,
        org_number,
        address,
        return_count,
    ) in rows:
        # Built without validation (`trusted_builder`): every value comes from the z_reports row
        # as the ingest validated it; validating ~10 models per Z-report was most of the list's
        # time.
        day = business_date.isoformat()
        first, last = body.get("first_receipt"), body.get("last_receipt")
        result.append(
            construct(
                store_id=store_id,
                store_name=store_name,
                org_number=org_number,
                address=address,
                register_id=register_id,
                z_number=z_number,
                business_date=business_date,
                opened_at=opened_at,
                closed_at=closed_at,
                first_receipt=first,
                last_receipt=last,
                receipt_count=receipt_count,
                return_count=return_count,
                sales_ore=sales_ore,
                returns_ore=returns_ore,
                net_ore=sales_ore + returns_ore,
                vat=tuple(vat_row(period=day, **row) for row in body["vat"]),
                payments=_payments(body["payments"], payment_row),
                grand_total_sales_ore=grand_sales_ore,
                grand_total_returns_ore=grand_returns_ore,
                grand_total_net_ore=grand_total_ore,
            )
        )
    return tuple(result)


def _return_count() -> Any:
    """A Z-report's returns (receipts below zero in its range `first..last`; rare, counted
    through the partial index `ix_sales_returns`); 0 without a range."""
    first = ZReport.body["first_receipt"].as_integer()
    last = ZReport.body["last_receipt"].as_integer()
    return (
        select(func.count())
        .where(
            Sale.store_id == ZReport.store_id,
            Sale.register_id == ZReport.register_id,
            Sale.total_ore < literal_column("0"),
            Sale.receipt_number >= first,
            Sale.receipt_number <= last,
        )
        .correlate(ZReport)
        .scalar_subquery()
    )


def _payments(
    rows: list[dict[str, Any]], payment_row: Callable[..., PaymentRow]
) -> tuple[PaymentRow, ...]:
    whole = sum(int(p["amount_ore"]) for p in rows)
    return tuple(
        payment_row(
            method=p["method"],
            count=0,
            amount_ore=p["amount_ore"],
            share_bp=(p["amount_ore"] * 10_000 // whole) if whole > 0 else None,
        )
        for p in rows
    )


def _positive() -> Any:
    return case((Sale.total_ore > 0, Sale.total_ore), else_=0)


def _negative() -> Any:
    return case((Sale.total_ore < 0, Sale.total_ore), else_=0)


def z_checks(*, session: Session, scope: ReportScope) -> tuple[ZCheck, ...]:
    """Each Z-report of the range against the receipts `first..last` of its register."""
    return tuple(_check(session, z) for z in _z_rows(session, scope))


def _in_range(z: ZReport) -> Any:
    return and_(
        Sale.store_id == z.store_id,
        Sale.register_id == z.register_id,
        Sale.receipt_number >= z.body["first_receipt"],
        Sale.receipt_number <= z.body["last_receipt"],
    )


def _check(session: Session, z: ZReport) -> ZCheck:
    body: dict[str, Any] = z.body
    differences: list[str] = []
    found = 0
    if body.get("first_receipt") is not None:
        count, sales, returns = session.execute(
            select(func.count(), total(_positive()), total(_negative())).where(_in_range(z))
        ).one()
        found = int(count)
        if found != z.receipt_count:
            differences.append(f"{z.receipt_count - found} of {z.receipt_count} receipts missing")
        if (int(sales), int(returns)) != (z.sales_ore, z.returns_ore):
            differences.append(
                f"receipts total sales {sales} / returns {returns} öre, "
                f"the Z-report {z.sales_ore} / {z.returns_ore}"
            )
        vat = {
            rate: (int(g), int(v), int(n))
            for rate, g, v, n in session.execute(
                select(
                    SaleVat.rate_bp,
                    total(SaleVat.gross_ore),
                    total(SaleVat.vat_ore),
                    total(SaleVat.net_ore),
                )
                .join(
                    Sale, and_(Sale.store_id == SaleVat.store_id, Sale.sale_id == SaleVat.sale_id)
                )
                .where(_in_range(z))
                .group_by(SaleVat.rate_bp)
            )
        }
        paid = {
            method: int(amount)
            for method, amount in session.execute(
                select(SalePayment.method, total(SalePayment.amount_ore))
                .join(
                    Sale,
                    and_(
                        Sale.store_id == SalePayment.store_id,
                        Sale.sale_id == SalePayment.sale_id,
                    ),
                )
                .where(_in_range(z))
                .group_by(SalePayment.method)
            )
        }
        differences += _vat_differences(vat, _z_vat(body))
        z_paid = {p["method"]: p["amount_ore"] for p in body["payments"]}
        if paid != z_paid:
            differences.append(f"payments {paid} differ from the Z-report's {z_paid}")
    return ZCheck(
        store_id=z.store_id,
        register_id=z.register_id,
        z_number=z.z_number,
        business_date=z.business_date,
        receipts_found=found,
        matches=not differences,
        differences=tuple(differences),
    )


def _z_vat(body: dict[str, Any]) -> dict[int, tuple[int, int, int]]:
    return {r["rate_bp"]: (r["gross_ore"], r["vat_ore"], r["net_ore"]) for r in body["vat"]}


def _vat_differences(
    receipts: dict[int, tuple[int, int, int]], z: dict[int, tuple[int, int, int]]
) -> list[str]:
    differences = []
    for rate in sorted(set(receipts) | set(z), reverse=True):
        mine, theirs = receipts.get(rate, (0, 0, 0)), z.get(rate, (0, 0, 0))
        if mine != theirs:
            differences.append(
                f"VAT {rate / 100:g} %: receipts gross/VAT {mine[0]}/{mine[1]} öre, "
                f"Z-report {theirs[0]}/{theirs[1]}"
            )
    return differences


def day_checks(*, session: Session, scope: ReportScope) -> tuple[DayCheck, ...]:
    """Per store and local day: the VAT report (receipts by local day) against the Z-reports with
    that business date. They differ when receipts after local midnight went into the previous
    day's Z-report (it closes some time after midnight), or when receipts are not synced yet."""
    by_day = vat_by_store_day(session=session, scope=scope)
    z_by_day: dict[tuple[int, str], dict[int, tuple[int, int, int]]] = defaultdict(dict)
    numbers: dict[tuple[int, str], list[int]] = defaultdict(list)
    for z in _z_rows(session, scope):
        key = (z.store_id, z.business_date.isoformat())
        numbers[key].append(z.z_number)
        for rate, values in _z_vat(z.body).items():
            old = z_by_day[key].get(rate, (0, 0, 0))
            z_by_day[key][rate] = (old[0] + values[0], old[1] + values[1], old[2] + values[2])
    checks = []
    for key in sorted(set(by_day) | set(z_by_day)):
        differences = _vat_differences(by_day.get(key, {}), z_by_day.get(key, {}))
        if key not in z_by_day:
            differences.insert(0, "no Z-report for the day")
        checks.append(
            DayCheck(
                store_id=key[0],
                day=date.fromisoformat(key[1]),
                z_numbers=tuple(numbers.get(key, ())),
                matches=not differences,
                differences=tuple(differences),
            )
        )
    return tuple(checks)
