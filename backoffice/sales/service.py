"""Apply reported sales (`retail.wire.Sale`) and read them back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.db.dialect import insert_rows
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
    insert_rows(session, Sale, [_sale_row(store_id, seq, sale, now) for seq, sale in new])
    lines = [_line_row(store_id, sale, line) for _, sale in new for line in sale.lines]
    insert_rows(session, SaleLine, lines)
    vat = [
        {"store_id": store_id, "sale_id": sale.sale_id, **row.model_dump()}
        for _, sale in new
        for row in sale.vat
    ]
    insert_rows(session, SaleVat, vat)
    payments = [
        {"store_id": store_id, "sale_id": sale.sale_id, "position": i, **p.model_dump()}
        for _, sale in new
        for i, p in enumerate(sale.payments, start=1)
    ]
    insert_rows(session, SalePayment, payments)
    return len(new)


def _sale_row(store_id: int, seq: int, sale: wire.Sale, now: datetime) -> dict[str, object]:
    return {
        "store_id": store_id,
        "sale_id": sale.sale_id,
        "register_id": sale.register_id,
        "receipt_number": sale.receipt_number,
        "occurred_at": sale.occurred_at,
        "total_ore": sale.total_ore,
        "customer_hash": sale.customer_hash,
        "seq": seq,
        "received_at": now,
    }


def _line_row(store_id: int, sale: wire.Sale, line: wire.SaleLine) -> dict[str, object]:
    return {
        "store_id": store_id,
        "sale_id": sale.sale_id,
        **line.model_dump(),
        "vat_class": str(line.vat_class),
    }


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
