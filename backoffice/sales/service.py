"""Apply reported sales (`retail.wire.Sale`) and read them back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.db.dialect import insert_tuples
from backoffice.sales.models import Sale, SaleLine, SalePayment, SaleVat
from backoffice.sync.dedupe import fresh
from retail import wire


def record_sales(
    *,
    session: Session,
    store_id: int,
    sales: Sequence[tuple[int, wire.Sale]],
    now: datetime,
    stored: set[UUID] | None = None,
) -> int:
    """Insert sales with their lines, VAT rows and payments in bulk; how many were new.
    `stored`: the sale ids of `sales` already stored, if the caller read them."""
    new = fresh(
        session=session,
        store_column=Sale.store_id,
        key_column=Sale.sale_id,
        store_id=store_id,
        items=sales,
        key=lambda item: item[1].sale_id,
        stored=stored,
    )
    if not new:
        return 0
    insert_tuples(
        session,
        Sale,
        SALE_COLUMNS,
        [
            (
                store_id,
                sale.sale_id,
                sale.register_id,
                sale.receipt_number,
                sale.occurred_at,
                sale.total_ore,
                sale.customer_hash,
                seq,
                now,
            )
            for seq, sale in new
        ],
    )
    insert_tuples(
        session,
        SaleLine,
        LINE_COLUMNS,
        [
            (
                store_id,
                sale.sale_id,
                line.kind,
                line.line_no,
                line.product_key,
                line.name,
                line.quantity,
                line.weight_g,
                line.unit_price_ore,
                line.amount_ore,
                str(line.vat_class),
                line.vat_rate_bp,
                line.age_limit,
            )
            for _, sale in new
            for line in sale.lines
        ],
    )
    insert_tuples(
        session,
        SaleVat,
        VAT_COLUMNS,
        [
            (store_id, sale.sale_id, row.rate_bp, row.gross_ore, row.vat_ore, row.net_ore)
            for _, sale in new
            for row in sale.vat
        ],
    )
    insert_tuples(
        session,
        SalePayment,
        PAYMENT_COLUMNS,
        [
            (store_id, sale.sale_id, i, p.method, p.amount_ore, p.reference, p.confirmed_at)
            for _, sale in new
            for i, p in enumerate(sale.payments, start=1)
        ],
    )
    return len(new)


SALE_COLUMNS = (
    "store_id",
    "sale_id",
    "register_id",
    "receipt_number",
    "occurred_at",
    "total_ore",
    "customer_hash",
    "seq",
    "received_at",
)
LINE_COLUMNS = (
    "store_id",
    "sale_id",
    "kind",
    "line_no",
    "product_key",
    "name",
    "quantity",
    "weight_g",
    "unit_price_ore",
    "amount_ore",
    "vat_class",
    "vat_rate_bp",
    "age_limit",
)
"""Every field of `wire.SaleLine`, as `record_sales` writes them (a test holds the two equal)."""
VAT_COLUMNS = ("store_id", "sale_id", "rate_bp", "gross_ore", "vat_ore", "net_ore")
PAYMENT_COLUMNS = (
    "store_id",
    "sale_id",
    "position",
    "method",
    "amount_ore",
    "reference",
    "confirmed_at",
)


def recent_sales(*, session: Session, store_id: int, limit: int = 100) -> list[Sale]:
    query = (
        select(Sale)
        .where(Sale.store_id == store_id)
        .order_by(Sale.occurred_at.desc(), Sale.receipt_number.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def count_sales(*, session: Session, store_id: int) -> int:
    query = select(func.count()).select_from(Sale).where(Sale.store_id == store_id)
    return int(session.scalar(query) or 0)
