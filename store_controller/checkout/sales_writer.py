"""`record_sale`: ONE SQLite transaction per completed sale, durable when it returns.

Sale, lines, VAT rows, payment, age checks, stock movements, the journal entry and the outbox rows
are written together under BEGIN IMMEDIATE (so the receipt number and the chain head cannot race)
and committed with synchronous=FULL (set on every connection by `make_engine`): one fsync per
sale. The writes are Core statements on the writer's connection, which stays open between sales
(`store_controller.db.writer`), a statement per table (the rows of one table in one INSERT),
not the ORM's unit of work, which cost several times the commit itself. The transaction is the
driver's own (`on_driver`: BEGIN IMMEDIATE, one cursor, the driver's COMMIT), without
SQLAlchemy's `Connection` bookkeeping around each statement and the commit. The payment's record
for the backoffice (`payment_records`, a Swish payment that was pending) joins the outbox rows of
the same statement. Recording the same sale id twice returns
the first record: the payment reference is the sale id, so a retry after a crash never makes a
second sale.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, bindparam, exists, func, insert, select, update
from sqlalchemy.engine import Dialect

from retail.receipts import ReceiptNumber, next_receipt_number
from store_controller.checkout.cart import Cart
from store_controller.checkout.journal_store import append_entry, head_hash
from store_controller.checkout.sale_text import journal_body, sale_json
from store_controller.checkout.stock import move_sale_stock, sale_moves
from store_controller.db import tables
from store_controller.db.prepared import OnDriver, Prepared, on_driver, prepared
from store_controller.db.writer import writing
from store_controller.outbox.queue import enqueue_all
from store_controller.payments.port import PaymentState, PaymentStatus

if TYPE_CHECKING:
    from retail.wire import Sale, SaleLineKind
    from retail.wire.envelope import OutboxMessage as Message
    from store_controller.checkout.sale_record import CheckedSale
    from store_controller.db.sessions import Sessions


_LINE_COLUMNS = (
    "sale_id",
    "line_no",
    "product_id",
    "product_key",
    "name",
    "quantity",
    "weight_g",
    "unit_price_ore",
    "amount_ore",
    "pant_ore",
    "vat_class",
    "vat_rate_bp",
    "age_limit",
)
_PAYMENT_COLUMNS = (
    "sale_id",
    "provider",
    "method",
    "amount_ore",
    "reference",
    "provider_reference",
    "confirmed_at",
)
_AGE_COLUMNS = ("sale_id", "order_ref", "required_age", "passed", "identity_hash", "checked_at")


@dataclass(frozen=True, slots=True)
class _Statements:
    find: Prepared
    start: Prepared
    """Whether the sale is there, the register's last receipt number and the journal's head."""
    sale: Prepared
    lines: Prepared
    vat: Prepared
    payment: Prepared
    age_checks: Prepared
    settle: Prepared
    """Settles the sale's pending payment as paid, returning what its record needs."""
    timestamp: Callable[[Any], Any]
    """Reads a timestamp column as the models do (Prepared statements give the driver's)."""


def _statements(dialect: Dialect) -> _Statements:
    sales, pending = tables.sales, tables.pending_payments
    return _Statements(
        find=Prepared(
            select(
                sales.c.register_id,
                sales.c.receipt_number,
                sales.c.journal_seq,
                sales.c.total_ore,
            ).where(sales.c.sale_id == bindparam("sale_id")),
            dialect,
        ),
        start=Prepared(
            select(
                exists().where(sales.c.sale_id == bindparam("sale_id")),
                select(func.max(sales.c.receipt_number))
                .where(sales.c.register_id == bindparam("register_id"))
                .scalar_subquery(),
                head_hash(),
            ),
            dialect,
        ),
        sale=Prepared(
            insert(sales),
            dialect,
            (
                "sale_id",
                "register_id",
                "receipt_number",
                "occurred_at",
                "total_ore",
                "pant_ore",
                "journal_seq",
            ),
            rows=True,
        ),
        lines=Prepared(insert(tables.sale_lines), dialect, _LINE_COLUMNS, rows=True),
        vat=Prepared(
            insert(tables.sale_vat),
            dialect,
            ("sale_id", "rate_bp", "gross_ore", "vat_ore", "net_ore"),
            rows=True,
        ),
        payment=Prepared(insert(tables.sale_payments), dialect, _PAYMENT_COLUMNS, rows=True),
        age_checks=Prepared(insert(tables.age_checks), dialect, _AGE_COLUMNS, rows=True),
        settle=Prepared(
            update(pending)
            .where(pending.c.sale_id == bindparam("id"), pending.c.settled_at.is_(None))
            .values(settled_at=bindparam("at"), outcome=bindparam("outcome"))
            .returning(pending.c.provider, pending.c.amount_ore, pending.c.requested_at),
            dialect,
            ("at", "outcome", "id"),
            rows=True,
        ),
        timestamp=_result_processor(dialect),
    )


def _result_processor(dialect: Dialect) -> Callable[[Any], Any]:
    column_type = tables.pending_payments.c.requested_at.type
    process = column_type.dialect_impl(dialect).result_processor(dialect, None)
    return process if process is not None else (lambda value: value)


@dataclass(frozen=True, slots=True)
class RecordedSale:
    """A sale on disk: its id, receipt number and journal position."""

    sale_id: uuid.UUID
    receipt: ReceiptNumber
    journal_seq: int
    total_ore: int


def record_sale(
    *,
    sessions: Sessions,
    cart: Cart,
    sale_id: uuid.UUID,
    store_id: str,
    register_id: str,
    occurred_at: datetime,
    local_date: date,
    payment: PaymentState,
    checked: CheckedSale | None = None,
) -> RecordedSale:
    """Write the sale of a paid `cart` durably; idempotent by `sale_id`. `checked` is the sale
    the checkout's gate built and checked before it asked for the money (`checked_sale`): the
    paid sale is made from it, its paid parts checked (`build_sale`)."""
    build_sale, pant_kind = _sale_parts()
    if payment.status is not PaymentStatus.PAID or payment.amount != cart.total:
        raise ValueError("only a cart paid in full is recorded as a sale")
    engine: Engine = sessions.kw["bind"]
    sale_key = str(sale_id)
    with writing(engine) as held, on_driver(held) as connection:
        statements = prepared(connection, _statements)
        found, last, head = statements.start.execute(
            connection, {"sale_id": sale_key, "register_id": register_id}
        ).fetchone()
        if found:
            existing = statements.find.execute(connection, {"sale_id": sale_key}).fetchone()
            connection.rollback()
            return _recorded(store_id, sale_id, existing)
        receipt = next_receipt_number(store_id, register_id, last)
        sale = build_sale(
            cart=cart,
            sale_id=sale_id,
            register_id=register_id,
            receipt_number=receipt.number,
            occurred_at=occurred_at,
            local_date=local_date,
            payment=payment,
            checked=checked,
        )
        sale_text, occurred_text = sale_json(sale, sale_key)
        pant_ore = sum(ln.amount_ore for ln in sale.lines if ln.kind is pant_kind)
        entry = append_entry(
            connection,
            kind="sale",
            register_id=register_id,
            receipt_number=receipt.number,
            created_at=occurred_at,
            body=journal_body(
                sale_text,
                store_id=store_id,
                pant_ore=pant_ore,
                provider=payment.provider,
                age_check_orders=[check.order_ref for check in cart.age_checks],
            ),
            prev=head,
        )
        _write_sale_rows(
            connection,
            statements,
            sale=sale,
            sale_key=sale_key,
            pant_ore=pant_ore,
            cart=cart,
            payment=payment,
            journal_seq=entry.seq,
        )
        messages: list[Message | tuple[Message | str, str]] = [(sale, sale_text)]
        messages.extend(
            move_sale_stock(
                connection,
                sale_moves(cart.lines),
                occurred_at=occurred_at,
                occurred_text=occurred_text,
                sale_id=sale_key,
            )
        )
        record = _settle_paid(statements, connection, sale_key, occurred_at)
        if record is not None:
            messages.append(record)
        enqueue_all(connection, messages, at=occurred_at)
        connection.commit()
    return RecordedSale(sale_id, receipt, entry.seq, sale.total_ore)


@cache
def _sale_parts() -> tuple[Callable[..., Sale], SaleLineKind]:
    """`build_sale` and the pant lines' kind, imported with the first sale (the sale's messages
    load with it), then kept: an import statement in `record_sale` ran the import system's
    look-up at every sale."""
    from retail.wire import SaleLineKind
    from store_controller.checkout.sale_record import build_sale

    return build_sale, SaleLineKind.PANT


def _settle_paid(
    statements: _Statements, connection: OnDriver, sale_id: str, at: datetime
) -> Message | None:
    """Settle the pending payment of the sale as paid; its record for the backoffice (None if
    there is none, or it is not recorded)."""
    rows = statements.settle.execute_rows(connection, [(at, "paid", sale_id)]).fetchall()
    if not rows:
        return None
    ((provider, amount_ore, requested_at),) = rows
    from retail.wire import PaymentRecordState
    from store_controller.checkout.payment_records import payment_record

    return payment_record(
        sale_id=sale_id,
        provider=provider,
        amount_ore=amount_ore,
        requested_at=statements.timestamp(requested_at),
        state=PaymentRecordState.PAID,
        at=at,
    )


def _write_sale_rows(
    connection: OnDriver,
    statements: _Statements,
    *,
    sale: Sale,
    sale_key: str,
    pant_ore: int,
    cart: Cart,
    payment: PaymentState,
    journal_seq: int,
) -> None:
    sale_id = sale_key
    statements.sale.execute_rows(
        connection,
        [
            (
                sale_id,
                sale.register_id,
                sale.receipt_number,
                sale.occurred_at,
                sale.total_ore,
                pant_ore,
                journal_seq,
            )
        ],
    )
    statements.lines.execute_rows(
        connection,
        [
            (
                sale_id,
                line_no,
                line.item.product_id,
                line.product_key,
                line.item.name,
                line.quantity,
                wire.weight_g,  # the receipt prints what the wire line says
                wire.unit_price_ore,
                wire.amount_ore,
                line.pant.ore,
                line.item.vat_class.value,
                wire.vat_rate_bp,
                line.item.age_limit,
            )
            for line_no, (line, wire) in enumerate(zip(cart.lines, sale.lines, strict=False), 1)
        ],
    )
    statements.vat.execute_rows(
        connection,
        [(sale_id, vat.rate_bp, vat.gross_ore, vat.vat_ore, vat.net_ore) for vat in sale.vat],
    )
    statements.payment.execute_rows(
        connection,
        [
            (
                sale_id,
                payment.provider,
                payment.method.value,
                payment.amount.ore,
                sale_id,
                payment.provider_reference,
                sale.payments[0].confirmed_at,
            )
        ],
    )
    if cart.age_checks:
        statements.age_checks.execute_rows(
            connection,
            [
                (
                    sale_id,
                    check.order_ref,
                    check.required_age,
                    check.passed,
                    check.identity_hash,
                    check.checked_at,
                )
                for check in cart.age_checks
            ],
        )


def _recorded(store_id: str, sale_id: uuid.UUID, row: Sequence[Any]) -> RecordedSale:
    register_id, number, journal_seq, total = row
    return RecordedSale(
        sale_id=sale_id,
        receipt=ReceiptNumber(store_id, register_id, number),
        journal_seq=journal_seq,
        total_ore=total,
    )
