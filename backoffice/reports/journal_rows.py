"""The receipts of a journal export, one row each: the sale with its lines, VAT rows and payments
aggregated as JSON arrays in the database (`json_agg` on PostgreSQL, `json_group_array` on
SQLite), decoded here with `json.loads`. A month of one store is some thousand receipts but tens
of thousands of child rows; building those as SQLAlchemy rows was most of the export's time."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, ScalarSelect, Text, and_, cast, func, select

from backoffice.reports.scope import ReportScope
from backoffice.sales.models import Sale, SaleLine, SalePayment, SaleVat

Row = tuple[Any, ...]
# (register, time, total öre, receipt number, lines, VAT rows, payments); a line is (product key,
# name, weight g, quantity, unit price öre, amount öre, VAT rate bp), a VAT row (rate bp, VAT
# öre), a payment (method, amount öre); each list empty if the receipt has none.
Receipt = tuple[str, datetime, int, int, list[Row], list[Row], list[Row]]

LINE = (
    SaleLine.product_key,
    SaleLine.name,
    SaleLine.weight_g,
    SaleLine.quantity,
    SaleLine.unit_price_ore,
    SaleLine.amount_ore,
    SaleLine.vat_rate_bp,
)


def receipts(connection: Connection, scope: ReportScope, store_id: int) -> Iterator[Receipt]:
    """The store's receipts in the scope's range, in time order (receipts of the same second by
    register and receipt number: the same file every time); all read before the first."""
    postgres = connection.dialect.name == "postgresql"
    children = (
        _json(postgres, SaleLine, LINE, SaleLine.line_no),
        _json(postgres, SaleVat, (SaleVat.rate_bp, SaleVat.vat_ore), SaleVat.rate_bp.desc()),
        _json(
            postgres,
            SalePayment,
            (SalePayment.method, SalePayment.amount_ore),
            SalePayment.position,
        ),
    )
    # On PostgreSQL the three arrays come as one JSON text per receipt (one decode, not three).
    query = (
        select(
            Sale.register_id,
            Sale.occurred_at,
            Sale.total_ore,
            Sale.receipt_number,
            *((cast(func.json_build_array(*children), Text),) if postgres else children),
        )
        .where(
            Sale.store_id == store_id,
            Sale.occurred_at >= scope.utc_start,
            Sale.occurred_at < scope.utc_end,
        )
        .order_by(Sale.occurred_at, Sale.register_id, Sale.receipt_number)
    )
    rows = connection.execute(query).all()
    loads = json.loads
    if postgres:
        for register, at, total, number, both in rows:
            lines, vat, payments = loads(both)
            yield (
                register,
                at,
                total,
                number,
                [tuple(line) for line in lines] if lines else [],
                [tuple(row) for row in vat] if vat else [],
                [tuple(row) for row in payments] if payments else [],
            )
        return
    for register, at, total, number, lines, vat, payments in rows:
        yield (
            register,
            at,
            total,
            number,
            [tuple(line) for line in loads(lines)] if lines else [],
            [tuple(row) for row in loads(vat)] if vat else [],
            [tuple(row) for row in loads(payments)] if payments else [],
        )


def _json(postgres: bool, model: Any, columns: Sequence[Any], order: Any) -> ScalarSelect[Any]:
    """The sale's rows of `model` as a JSON array of arrays in `order` (on PostgreSQL json, NULL
    if none; elsewhere text, `[]` if none)."""
    match = and_(model.store_id == Sale.store_id, model.sale_id == Sale.sale_id)
    if postgres:
        rows = func.json_agg(func.json_build_array(*columns)).aggregate_order_by(order)
        return select(rows).where(match).scalar_subquery()
    # SQLite before 3.44 has no ORDER BY inside an aggregate: an ordered subquery keeps the order
    # (SQLite does not flatten an ordered subquery into an aggregate query).
    ordered = (
        select(func.json_array(*columns).label("row"))
        .where(match)
        .order_by(order)
        .correlate(Sale)
        .subquery()
    )
    return select(func.json_group_array(func.json(ordered.c.row))).scalar_subquery()
