"""Reading the rollups (and, at the edges of a range, the raw rows), summed per UTC bucket.

Every function returns plain tuples: the bucket start (UTC), the store when asked per store, the
key columns, then the sums as ints. Callers fold them into local periods (`periods.LocalClock`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Integer,
    Select,
    and_,
    bindparam,
    cast,
    func,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from backoffice.reports.models import PaymentHour, ProductMonth, SalesHour, VatHour, VisitHour
from backoffice.reports.periods import LOCAL_GRAINS, Grain, LocalClock, local_label
from backoffice.reports.scope import ReportScope
from backoffice.sales.models import Sale, SaleLine

Row = tuple[Any, ...]


def total(column: Any) -> ColumnElement[int]:
    """SUM as a bigint on every backend (PostgreSQL's SUM of bigint is numeric)."""
    return cast(func.coalesce(func.sum(column), 0), BigInteger)


def _hourly(
    session: Session,
    scope: ReportScope,
    model: Any,
    keys: Sequence[InstrumentedAttribute[Any]],
    sums: Sequence[InstrumentedAttribute[Any]],
    *,
    per_store: bool,
    by_hour: bool = True,
) -> list[Row]:
    group: list[Any] = []
    if by_hour:
        group.append(model.hour)
    if per_store:
        group.append(model.store_id)
    group.extend(keys)
    query: Select[Any] = (
        select(*group, *(total(c) for c in sums))
        .where(
            model.store_id.in_(scope.store_ids),
            model.hour >= scope.utc_start,
            model.hour < scope.utc_end,
        )
        .group_by(*group)
    )
    return _rows(session, query)


def _rows(session: Session, query: Select[Any], params: dict[str, Any] | None = None) -> list[Row]:
    """The rows of a query of plain columns as tuples, read on the session's connection: the
    ORM's result machinery adds nothing to plain columns but a cost per row. Fetched all at once
    (one driver call, not one a row)."""
    return [tuple(row) for row in session.connection().execute(query, params).all()]


def sales_hours(
    session: Session, scope: ReportScope, *, per_store: bool = False, by_hour: bool = True
) -> list[Row]:
    """(hour, [store], receipts, returns, sales öre, returns öre)."""
    sums = [
        SalesHour.receipt_count,
        SalesHour.return_count,
        SalesHour.sales_ore,
        SalesHour.returns_ore,
    ]
    return _hourly(session, scope, SalesHour, [], sums, per_store=per_store, by_hour=by_hour)


def vat_hours(
    session: Session, scope: ReportScope, *, per_store: bool = False, by_hour: bool = True
) -> list[Row]:
    """(hour, [store], rate_bp, gross, vat, net)."""
    sums = [VatHour.gross_ore, VatHour.vat_ore, VatHour.net_ore]
    return _hourly(
        session, scope, VatHour, [VatHour.rate_bp], sums, per_store=per_store, by_hour=by_hour
    )


def payment_hours(
    session: Session, scope: ReportScope, *, per_store: bool = False, by_hour: bool = True
) -> list[Row]:
    """(hour, [store], method, count, amount)."""
    sums = [PaymentHour.payment_count, PaymentHour.amount_ore]
    keys = [PaymentHour.method]
    return _hourly(session, scope, PaymentHour, keys, sums, per_store=per_store, by_hour=by_hour)


def visit_hours(
    session: Session, scope: ReportScope, *, per_store: bool = False, by_hour: bool = True
) -> list[Row]:
    """(hour, [store], outcome, count)."""
    return _hourly(
        session,
        scope,
        VisitHour,
        [VisitHour.outcome],
        [VisitHour.visit_count],
        per_store=per_store,
        by_hour=by_hour,
    )


def local_sums(
    session: Session,
    scope: ReportScope,
    model: Any,
    keys: Sequence[InstrumentedAttribute[Any]],
    sums: Sequence[InstrumentedAttribute[Any]],
    *,
    per_store: bool,
    hour_of_day: bool = False,
) -> list[Row] | None:
    """(local day, [store], keys..., sums...) summed by the database where it knows time zones
    (PostgreSQL): a year is ~20x fewer rows than per UTC hour, and none is converted to local
    time in Python. With `hour_of_day`, the local hour of the day (0-23) instead of the day. As
    `periods.LocalClock` does, each UTC hour counts in the local day and hour it starts in. None
    elsewhere: the caller folds the hours itself."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    local = func.timezone(scope.zone.key, model.hour)
    bucket = cast(func.extract("hour", local), Integer) if hour_of_day else cast(local, Date)
    group: list[Any] = [bucket, model.store_id] if per_store else [bucket]
    group.extend(keys)
    query: Select[Any] = (
        select(*group, *(total(c) for c in sums))
        .where(
            model.store_id.in_(scope.store_ids),
            model.hour >= scope.utc_start,
            model.hour < scope.utc_end,
        )
        .group_by(*group)
    )
    return _rows(session, query)


def sales_local(
    session: Session, scope: ReportScope, *, per_store: bool, hour_of_day: bool = False
) -> list[Row] | None:
    """(local day or hour of day, [store], receipts, returns, sales öre, returns öre), or None
    (see `local_sums`)."""
    sums = [
        SalesHour.receipt_count,
        SalesHour.return_count,
        SalesHour.sales_ore,
        SalesHour.returns_ore,
    ]
    return local_sums(
        session, scope, SalesHour, [], sums, per_store=per_store, hour_of_day=hour_of_day
    )


def vat_local(
    session: Session, scope: ReportScope, *, per_store: bool, hour_of_day: bool = False
) -> list[Row] | None:
    """(local day or hour of day, [store], rate_bp, gross, vat, net), or None (see
    `local_sums`)."""
    sums = [VatHour.gross_ore, VatHour.vat_ore, VatHour.net_ore]
    keys = [VatHour.rate_bp]
    return local_sums(
        session, scope, VatHour, keys, sums, per_store=per_store, hour_of_day=hour_of_day
    )


def vat_days(session: Session, scope: ReportScope) -> list[Row] | None:
    """(local day, store, rate_bp, gross, vat, net), or None (see `local_sums`)."""
    return vat_local(session, scope, per_store=True)


def payment_days(session: Session, scope: ReportScope) -> list[Row] | None:
    """(local day, store, method, count, amount), or None (see `local_sums`)."""
    sums = [PaymentHour.payment_count, PaymentHour.amount_ore]
    return local_sums(session, scope, PaymentHour, [PaymentHour.method], sums, per_store=True)


# Products: UTC-month buckets, trimmed or extended to the range with raw lines at each end.

PRODUCT_KEYS = ("product_key", "kind", "vat_class", "vat_rate_bp")
PRODUCT_SUMS = ("line_count", "quantity", "weight_g", "amount_ore")


def product_totals(session: Session, scope: ReportScope, *, per_store: bool = False) -> list[Row]:
    """([store], product_key, kind, vat_class, vat_rate_bp, name, lines, quantity, grams, öre)
    over the scope's range, exactly: whole months from the rollup, the rest from raw lines."""
    start, end = scope.utc_start, scope.utc_end
    first, last = _nearest_month(start), _nearest_month(end)
    totals: dict[tuple[Any, ...], list[Any]] = {}
    if first < last:
        _add(totals, _monthly(session, scope, first, last, per_store), 1)
        low, high = min(first, start), max(first, start)
        _add(totals, _raw_lines(session, scope, low, high, per_store), _sign(start, first))
        low, high = min(last, end), max(last, end)
        _add(totals, _raw_lines(session, scope, low, high, per_store), _sign(last, end))
    else:
        _add(totals, _raw_lines(session, scope, start, end, per_store), 1)
    return [(*key, *entry) for key, entry in totals.items() if entry[1] != 0]


def _sign(low: datetime, high: datetime) -> int:
    """+1 when the raw piece [low, high) is added, -1 when it is cut off (reversed)."""
    return 1 if low < high else -1


def _add(totals: dict[tuple[Any, ...], list[Any]], rows: list[Row], sign: int) -> None:
    """Adds `rows` (keys..., name, 4 sums) into `totals` ({keys: [name, 4 sums]}), times `sign`;
    a product already there keeps its name."""
    for row in rows:
        key = row[:-5]
        entry = totals.get(key)
        if entry is None:
            totals[key] = list(row[-5:]) if sign == 1 else [row[-5], *(-v for v in row[-4:])]
        else:
            entry[1] += sign * row[-4]
            entry[2] += sign * row[-3]
            entry[3] += sign * row[-2]
            entry[4] += sign * row[-1]


def _nearest_month(at: datetime) -> datetime:
    """The UTC month boundary nearest to `at` (the shorter raw piece)."""
    at = at.astimezone(UTC)
    floor = at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    ceil = floor.replace(year=floor.year + floor.month // 12, month=floor.month % 12 + 1)
    return floor if at - floor <= ceil - at else ceil


@cache
def _monthly_query(per_store: bool) -> Select[Any]:
    """The rollup's months [first, last) of the stores, built once (a statement built per call
    cost as much client time as running it)."""
    keys: list[Any] = [getattr(ProductMonth, k) for k in PRODUCT_KEYS]
    if per_store:
        keys.insert(0, ProductMonth.store_id)
    return (
        select(
            *keys,
            func.max(ProductMonth.name),
            *(total(getattr(ProductMonth, s)) for s in PRODUCT_SUMS),
        )
        .where(
            ProductMonth.store_id.in_(bindparam("stores", expanding=True)),
            ProductMonth.month >= bindparam("start"),
            ProductMonth.month < bindparam("end"),
        )
        .group_by(*keys)
    )


@cache
def _raw_query(per_store: bool) -> Select[Any]:
    """The raw lines of the stores' sales in [start, end), built once."""
    keys: list[Any] = [getattr(SaleLine, k) for k in PRODUCT_KEYS]
    if per_store:
        keys.insert(0, SaleLine.store_id)
    return (
        select(
            *keys,
            func.max(SaleLine.name),
            cast(func.count(), BigInteger),
            total(SaleLine.quantity),
            total(func.coalesce(SaleLine.weight_g, 0)),
            total(SaleLine.amount_ore),
        )
        .join(Sale, and_(Sale.store_id == SaleLine.store_id, Sale.sale_id == SaleLine.sale_id))
        .where(
            Sale.store_id.in_(bindparam("stores", expanding=True)),
            Sale.occurred_at >= bindparam("start"),
            Sale.occurred_at < bindparam("end"),
        )
        .group_by(*keys)
    )


def _monthly(
    session: Session, scope: ReportScope, first: datetime, last: datetime, per_store: bool
) -> list[Row]:
    params = {"stores": list(scope.store_ids), "start": first, "end": last}
    return _rows(session, _monthly_query(per_store), params)


def _raw_lines(
    session: Session, scope: ReportScope, start: datetime, end: datetime, per_store: bool
) -> list[Row]:
    if start >= end:
        return []
    params = {"stores": list(scope.store_ids), "start": start, "end": end}
    return _rows(session, _raw_query(per_store), params)


def labelled_sums(
    session: Session,
    scope: ReportScope,
    grain: Grain,
    *,
    per_store: bool,
    local: Callable[..., list[Row] | None],
    hourly: Callable[..., list[Row]],
) -> Iterator[tuple[str, list[Any]]]:
    """Each summed row as (its period's label, the rest): summed per local period by the
    database where it can (`local`, e.g. `sales_local`), else per UTC hour (`hourly`, e.g.
    `sales_hours`) and labelled here; one "total" row for the total grain."""
    rows = (
        local(session, scope, per_store=per_store, hour_of_day=grain is Grain.HOUR)
        if grain in LOCAL_GRAINS
        else None
    )
    label_of: Callable[[Any], str]
    if rows is not None:
        label_of = lambda key: local_label(key, grain)  # noqa: E731
    else:
        clock = LocalClock(scope.zone)
        rows = hourly(session, scope, per_store=per_store, by_hour=grain is not Grain.TOTAL)
        label_of = lambda hour: clock.label(hour, grain)  # noqa: E731
    for row in rows:
        values = list(row)
        label = label_of(values.pop(0)) if grain is not Grain.TOTAL else "total"
        yield label, values
