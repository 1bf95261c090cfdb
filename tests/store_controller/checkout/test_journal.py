"""The sales journal: one transaction per sale, the hash chain, and what `verify` catches."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from retail import wire
from store_controller.checkout import seed
from store_controller.checkout.chain import canonical_json
from store_controller.checkout.models import (
    JournalEntryRow,
    SaleLineRow,
    SaleRow,
    StockLevelRow,
    StockMovementRow,
)
from store_controller.checkout.verify import verify_journal
from store_controller.outbox.models import OutboxEntry
from tests.store_controller.checkout.helpers import scanned, sell


def three_sales(sessions: sessionmaker[Session]) -> None:
    for codes in (
        (seed.MJOLK,),
        (seed.LASK, seed.LASK),
        (seed.weight_label(seed.OST_ARTICLE, 432),),
    ):
        sell(sessions, scanned(sessions, *codes))


def test_a_sale_writes_everything_at_once(sessions: sessionmaker[Session], engine: Engine) -> None:
    cart = scanned(sessions, seed.LASK, seed.LASK, seed.weight_label(seed.BANANER_ARTICLE, 1234))
    recorded = sell(sessions, cart)
    assert recorded.receipt.number == 1
    assert str(recorded.receipt) == "test-store/kassa-1/000001"
    with sessions() as session:
        sale = session.get(SaleRow, str(recorded.sale_id))
        assert sale is not None
        assert sale.total_ore == 2 * 1290 + 2 * 100 + 3443
        assert session.scalar(select(func.count()).select_from(SaleLineRow)) == 2
        kinds = sorted(session.scalars(select(OutboxEntry.kind)))
        assert kinds == ["sale", "stock_movement", "stock_movement"]
        lask = seed.DEMO_PRODUCTS[9]
        assert lask.sku == "lask-33"
        movements = list(session.scalars(select(StockMovementRow)))
        assert sorted((m.quantity_delta, m.weight_delta_g) for m in movements) == [
            (-2, 0),
            (0, -1234),
        ]
    assert verify_journal(engine).ok


def test_a_sale_entry_is_canonical_and_holds_the_sale_the_outbox_sends(
    sessions: sessionmaker[Session],
) -> None:
    sell(
        sessions, scanned(sessions, seed.MJOLK, seed.LASK, seed.weight_label(seed.OST_ARTICLE, 432))
    )
    with sessions() as session:
        body = session.scalars(select(JournalEntryRow.body)).one()
        outbox = {row.kind: row.payload for row in session.scalars(select(OutboxEntry))}
    content = json.loads(body)
    assert canonical_json(content) == body  # what a verifier recomputes from the content
    assert "Mellanmjölk" in body  # UTF-8, as canonical_json writes it
    assert content["sale"] == outbox["sale"]
    assert wire.Sale.model_validate(outbox["sale"]).model_dump(mode="json") == outbox["sale"]
    movement = wire.StockMovement.model_validate(outbox["stock_movement"])
    assert movement.model_dump(mode="json") == outbox["stock_movement"]


def test_recording_the_same_sale_twice_is_one_sale(sessions: sessionmaker[Session]) -> None:
    cart = scanned(sessions, seed.KAFFE)
    sale_id = uuid.uuid4()
    first, again = sell(sessions, cart, sale_id), sell(sessions, cart, sale_id)
    assert first == again
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(SaleRow)) == 1


def test_stock_may_go_negative_but_is_flagged(sessions: sessionmaker[Session]) -> None:
    cart = scanned(sessions, seed.TIDNING).set_quantity(1, 7)  # 5 in stock
    sell(sessions, cart)
    with sessions() as session:
        movement = session.scalars(select(StockMovementRow)).one()
        assert movement.negative
        level = session.get(StockLevelRow, movement.product_id)
        assert level is not None
        assert level.quantity == -2


def test_two_lines_of_one_product_take_stock_in_turn(sessions: sessionmaker[Session]) -> None:
    label_a = seed.weight_label(seed.BANANER_ARTICLE, 1499)  # leaves 1 g of 1,500
    label_b = seed.weight_label(seed.BANANER_ARTICLE, 2)  # goes 1 g below zero
    cart = scanned(sessions, label_a, label_b)
    product_id = cart.lines[0].item.product_id
    with sessions.begin() as session:
        session.execute(
            update(StockLevelRow)
            .where(StockLevelRow.product_id == product_id)
            .values(quantity=0, weight_g=1500)
        )
    sell(sessions, cart)
    with sessions() as session:
        movements = session.execute(
            text("SELECT weight_delta_g, negative FROM stock_movements")
        ).all()
        assert sorted(tuple(m) for m in movements) == [(-1499, 0), (-2, 1)]
        level = session.get(StockLevelRow, product_id)
        assert level is not None
        assert level.weight_g == -1


def test_verify_passes_on_an_honest_journal(
    sessions: sessionmaker[Session], engine: Engine
) -> None:
    three_sales(sessions)
    report = verify_journal(engine)
    assert report.ok, report.problems
    assert (report.entries, report.sales) == (3, 3)


def test_verify_finds_a_tampered_entry(sessions: sessionmaker[Session], engine: Engine) -> None:
    three_sales(sessions)
    with sessions.begin() as session:
        entry = session.get(JournalEntryRow, 2)
        assert entry is not None
        entry.body = entry.body.replace('"total_ore":2780', '"total_ore":780')
    assert verify_journal(engine).problems[0] == (
        "journal entry 2: hash does not match its content (altered)"
    )


def test_verify_finds_a_deleted_entry(sessions: sessionmaker[Session], engine: Engine) -> None:
    three_sales(sessions)
    with sessions.begin() as session:
        session.execute(delete(JournalEntryRow).where(JournalEntryRow.seq == 2))
    problems = verify_journal(engine).problems
    assert "journal entry 2 is missing (next is 3)" in problems
    assert "journal entry 3: chain broken, prev_hash does not match entry 2" in problems
    assert "register kassa-1: receipt number 2 missing" in problems


def test_verify_finds_a_deleted_newest_entry(
    sessions: sessionmaker[Session], engine: Engine
) -> None:
    three_sales(sessions)
    with sessions.begin() as session:
        sale_id = session.scalars(select(SaleRow.sale_id).where(SaleRow.receipt_number == 3)).one()
        for table in ("sale_lines", "sale_vat", "sale_payments"):
            session.execute(text(f"DELETE FROM {table} WHERE sale_id = :s"), {"s": sale_id})
        session.execute(text("DELETE FROM stock_movements WHERE sale_id = :s"), {"s": sale_id})
        session.execute(delete(SaleRow).where(SaleRow.sale_id == sale_id))
        session.execute(delete(JournalEntryRow).where(JournalEntryRow.seq == 3))
    assert verify_journal(engine).problems == [
        "journal entries 3-3 were written and are gone (the newest is 2)"
    ]


def test_verify_finds_a_gap_in_the_receipt_series(
    sessions: sessionmaker[Session], engine: Engine
) -> None:
    three_sales(sessions)
    with sessions.begin() as session:
        session.execute(update(SaleRow).where(SaleRow.receipt_number == 3).values(receipt_number=4))
    sell(sessions, scanned(sessions, seed.BROD))  # takes number 5: 3 and 4 never in the journal
    problems = verify_journal(engine).problems
    assert "register kassa-1: receipt number 4 missing" in problems
    assert any(p.endswith("differs from journal entry 3") for p in problems)
