"""The receipts of a journal export, one row each: the sale with its lines, VAT rows and payments
aggregated in the database. A month of one store is some thousand receipts but tens of thousands
of child rows; building those as SQLAlchemy rows was most of the export's time.

A receipt's lines come as one text: each line's JSON array (`json_build_array` on PostgreSQL,
`json_array` on SQLite), joined by the ASCII record separator, which JSON text never holds
unescaped. A line's text is its key: the same article at the same price and quantity recurs, and
only the distinct lines are decoded, in one `json.loads` per export. The VAT rows and payments
come as one JSON array per receipt (`[[VAT rows], [payments]]`), decoded together likewise.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, ScalarSelect, Text, and_, cast, func, literal, select

from backoffice.reports.scope import ReportScope
from backoffice.sales.models import Sale, SaleLine, SalePayment, SaleVat

SEPARATOR = "\x1e"  # between a receipt's lines; JSON escapes every control character

# (register, time, total öre, receipt number, line keys, VAT rows, payments); a VAT row is [rate
# bp, VAT öre], a payment [method, amount öre]; each list empty if the receipt has none.
Receipt = tuple[str, datetime, int, int, list[str], list[list[Any]], list[list[Any]]]

LINE = (
    SaleLine.product_key,
    SaleLine.name,
    SaleLine.weight_g,
    SaleLine.quantity,
    SaleLine.unit_price_ore,
    SaleLine.amount_ore,
    SaleLine.vat_rate_bp,
)


class JournalRows(NamedTuple):
    """The receipts in time order, and each distinct line key's fields: product key, name,
    weight g (or None), quantity, unit price öre, amount öre, VAT rate bp."""

    receipts: list[Receipt]
    lines: dict[str, list[Any]]


def receipts(connection: Connection, scope: ReportScope, store_id: int) -> JournalRows:
    """The store's receipts in the scope's range, in time order (receipts of the same second by
    register and receipt number: the same file every time)."""
    postgres = connection.dialect.name == "postgresql"
    vat = _json(postgres, SaleVat, (SaleVat.rate_bp, SaleVat.vat_ore), SaleVat.rate_bp.desc())
    paid = _json(
        postgres, SalePayment, (SalePayment.method, SalePayment.amount_ore), SalePayment.position
    )
    others = (
        cast(func.json_build_array(vat, paid), Text)
        if postgres
        else func.json_array(func.json(vat), func.json(paid))
    )
    query = (
        select(
            Sale.register_id,
            Sale.occurred_at,
            Sale.total_ore,
            Sale.receipt_number,
            _lines(postgres),
            others,
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
    children = loads(f"[{','.join([row[5] for row in rows])}]")
    found: list[Receipt] = []
    distinct: set[str] = set()
    for (register, at, total, number, text, _), (vat_rows, payments) in zip(
        rows, children, strict=True
    ):
        keys = text.split(SEPARATOR) if text else []
        distinct.update(keys)
        found.append((register, at, total, number, keys, vat_rows or [], payments or []))
    ordered = list(distinct)
    fields = loads(f"[{','.join(ordered)}]")
    return JournalRows(found, dict(zip(ordered, fields, strict=True)))


def _lines(postgres: bool) -> ScalarSelect[Any]:
    """The sale's lines as their JSON arrays joined by SEPARATOR, in line order; NULL if none."""
    match = and_(SaleLine.store_id == Sale.store_id, SaleLine.sale_id == Sale.sale_id)
    if postgres:
        text = cast(func.json_build_array(*LINE), Text)
        rows = func.string_agg(text, literal(SEPARATOR)).aggregate_order_by(SaleLine.line_no)
        return select(rows).where(match).scalar_subquery()
    # SQLite before 3.44 has no ORDER BY inside an aggregate: an ordered subquery keeps the order
    # (SQLite does not flatten an ordered subquery into an aggregate query).
    ordered = (
        select(func.json_array(*LINE).label("row"))
        .where(match)
        .order_by(SaleLine.line_no)
        .correlate(Sale)
        .subquery()
    )
    return select(func.group_concat(ordered.c.row, SEPARATOR)).scalar_subquery()


def _json(postgres: bool, model: Any, columns: Sequence[Any], order: Any) -> ScalarSelect[Any]:
    """The sale's rows of `model` as a JSON array of arrays in `order` (on PostgreSQL json, NULL
    if none; elsewhere text, `[]` if none)."""
    match = and_(model.store_id == Sale.store_id, model.sale_id == Sale.sale_id)
    if postgres:
        rows = func.json_agg(func.json_build_array(*columns)).aggregate_order_by(order)
        return select(rows).where(match).scalar_subquery()
    ordered = (
        select(func.json_array(*columns).label("row"))
        .where(match)
        .order_by(order)
        .correlate(Sale)
        .subquery()
    )
    return select(func.json_group_array(func.json(ordered.c.row))).scalar_subquery()
