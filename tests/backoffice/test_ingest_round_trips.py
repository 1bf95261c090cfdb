"""Ingest is set-based: the statements a push runs do not grow with what is in it (a batch of
sales over forty products costs the database as many round trips as one over a single
product), and on-hand levels still add up across pushes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event, select

from backoffice.stock.models import StockOnHand
from retail import wire
from tests.backoffice.test_push import push
from tests.store_controller.sync.harness import Backoffice, batch, movement, sale


@contextmanager
def statements(backoffice: Backoffice) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(*args: Any) -> None:
        seen.append(args[2])

    event.listen(backoffice.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(backoffice.engine, "before_cursor_execute", note)


def trading(first: int, products: int, sales: int = 40) -> list[wire.OutboxPayload]:
    payloads: list[wire.OutboxPayload] = []
    for receipt in range(first, first + sales):
        sold = sale(receipt)
        key = f"0731086507{receipt % products:04d}"
        payloads += [sold, movement(sold.sale_id).model_copy(update={"product_key": key})]
    return payloads


def test_a_push_over_many_products_runs_as_few_statements_as_over_one(
    client: TestClient, backoffice: Backoffice
) -> None:
    one, many = backoffice.enroll_store("byn-1"), backoffice.enroll_store("byn-2")
    with statements(backoffice) as over_one:
        assert push(client, one, batch("byn-1", trading(1, products=1))).status_code == 200
    with statements(backoffice) as over_forty:
        assert push(client, many, batch("byn-2", trading(1, products=40))).status_code == 200
    assert len(over_forty) == len(over_one)


def test_on_hand_adds_up_across_pushes(client: TestClient, backoffice: Backoffice) -> None:
    token = backoffice.enroll_store("byn-1")
    push(client, token, batch("byn-1", trading(1, products=4)))
    push(client, token, batch("byn-1", trading(41, products=4), start=81))
    with backoffice.sessions() as session:
        levels = session.scalars(select(StockOnHand).order_by(StockOnHand.product_key)).all()
    assert [(level.product_key[-1], level.quantity) for level in levels] == [
        ("0", -20),
        ("1", -20),
        ("2", -20),
        ("3", -20),
    ]
