"""`record_sale`: ONE SQLite transaction per completed sale, durable when it returns.

Sale, lines, VAT rows, payment, age checks, stock movements, the journal entry and the outbox rows
are written together under BEGIN IMMEDIATE (so the receipt number and the chain head cannot race)
and committed with synchronous=FULL (set on every connection by `make_engine`). Recording the same
sale id twice returns the first record: the payment reference is the sale id, so a retry after a
crash never makes a second sale.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from retail.receipts import ReceiptNumber, next_receipt_number
from retail.wire import Sale, StockReason
from store_controller.checkout.cart import Cart
from store_controller.checkout.journal_store import append_entry, begin_immediate
from store_controller.checkout.models import (
    AgeCheckRow,
    SaleLineRow,
    SalePaymentRow,
    SaleRow,
    SaleVatRow,
)
from store_controller.checkout.pending import settle_payment
from store_controller.checkout.sale_record import build_sale
from store_controller.checkout.stock import load_levels, move_stock, sale_deltas
from store_controller.outbox.queue import enqueue
from store_controller.payments.port import PaymentState, PaymentStatus


@dataclass(frozen=True, slots=True)
class RecordedSale:
    """A sale on disk: its id, receipt number and journal position."""

    sale_id: uuid.UUID
    receipt: ReceiptNumber
    journal_seq: int
    total_ore: int


def record_sale(
    *,
    sessions: sessionmaker[Session],
    cart: Cart,
    sale_id: uuid.UUID,
    store_id: str,
    register_id: str,
    occurred_at: datetime,
    local_date: date,
    payment: PaymentState,
) -> RecordedSale:
    """Write the sale of a paid `cart` durably; idempotent by `sale_id`."""
    if payment.status is not PaymentStatus.PAID or payment.amount != cart.total:
        raise ValueError("only a cart paid in full is recorded as a sale")
    with sessions() as session, session.no_autoflush:
        begin_immediate(session)
        if (existing := session.get(SaleRow, str(sale_id))) is not None:
            return _recorded(store_id, existing)
        last = session.scalar(
            select(func.max(SaleRow.receipt_number)).where(SaleRow.register_id == register_id)
        )
        receipt = next_receipt_number(store_id, register_id, last)
        sale = build_sale(
            cart=cart,
            sale_id=sale_id,
            register_id=register_id,
            receipt_number=receipt.number,
            occurred_at=occurred_at,
            local_date=local_date,
            payment=payment,
        )
        entry = append_entry(
            session,
            kind="sale",
            register_id=register_id,
            receipt_number=receipt.number,
            created_at=occurred_at,
            body=_journal_body(store_id, sale, cart, payment),
        )
        row = _write_sale_rows(session, sale, cart, payment, entry.seq)
        _write_stock_and_outbox(session, sale, cart, occurred_at)
        settle_payment(session, sale_id=str(sale_id), outcome="paid", at=occurred_at)
        session.commit()
        return _recorded(store_id, row)


def _journal_body(
    store_id: str, sale: Sale, cart: Cart, payment: PaymentState
) -> dict[str, object]:
    return {
        "kind": "sale",
        "store_id": store_id,
        "sale": sale.model_dump(mode="json"),
        "pant_ore": cart.pant_total.ore,
        "payment_provider": payment.provider,
        "age_check_orders": [check.order_ref for check in cart.age_checks],
    }


def _write_sale_rows(
    session: Session, sale: Sale, cart: Cart, payment: PaymentState, journal_seq: int
) -> SaleRow:
    sale_id = str(sale.sale_id)
    row = SaleRow(
        sale_id=sale_id,
        register_id=sale.register_id,
        receipt_number=sale.receipt_number,
        occurred_at=sale.occurred_at,
        total_ore=sale.total_ore,
        pant_ore=cart.pant_total.ore,
        journal_seq=journal_seq,
    )
    session.add(row)
    session.flush()
    for line_no, (line, wire) in enumerate(zip(cart.lines, sale.lines, strict=False), start=1):
        session.add(
            SaleLineRow(
                sale_id=sale_id,
                line_no=line_no,
                product_id=line.item.product_id,
                product_key=line.product_key,
                name=line.item.name,
                quantity=line.quantity,
                weight_g=line.weight_g,
                unit_price_ore=wire.unit_price_ore,
                amount_ore=line.amount.ore,
                pant_ore=line.pant.ore,
                vat_class=line.item.vat_class.value,
                vat_rate_bp=wire.vat_rate_bp,
                age_limit=line.item.age_limit,
            )
        )
    session.add_all(
        SaleVatRow(
            sale_id=sale_id,
            rate_bp=vat.rate_bp,
            gross_ore=vat.gross_ore,
            vat_ore=vat.vat_ore,
            net_ore=vat.net_ore,
        )
        for vat in sale.vat
    )
    session.add(
        SalePaymentRow(
            sale_id=sale_id,
            provider=payment.provider,
            method=payment.method.value,
            amount_ore=payment.amount.ore,
            reference=sale_id,
            provider_reference=payment.provider_reference,
            confirmed_at=sale.payments[0].confirmed_at,
        )
    )
    session.add_all(
        AgeCheckRow(
            sale_id=sale_id,
            order_ref=check.order_ref,
            required_age=check.required_age,
            passed=check.passed,
            identity_hash=check.identity_hash,
            checked_at=check.checked_at,
        )
        for check in cart.age_checks
    )
    return row


def _write_stock_and_outbox(
    session: Session, sale: Sale, cart: Cart, occurred_at: datetime
) -> None:
    enqueue(session, sale, at=occurred_at)
    load_levels(session, {line.item.product_id for line in cart.lines})
    for line in cart.lines:
        pieces, grams = sale_deltas(line)
        movement = move_stock(
            session,
            product_id=line.item.product_id,
            product_key=line.product_key,
            quantity_delta=pieces,
            weight_delta_g=grams,
            reason=StockReason.SALE,
            occurred_at=occurred_at,
            sale_id=sale.sale_id,
        )
        enqueue(session, movement, at=occurred_at)


def _recorded(store_id: str, row: SaleRow) -> RecordedSale:
    return RecordedSale(
        sale_id=uuid.UUID(row.sale_id),
        receipt=ReceiptNumber(store_id, row.register_id, row.receipt_number),
        journal_seq=row.journal_seq,
        total_ore=row.total_ore,
    )
