"""The stock pages as a person sees them: on hand from the book, a negative sum shown as
"needs a count" (never as a quantity), value at cost only for the owner."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.stock.book import Move, book
from backoffice.stock.models import StockMovement
from backoffice.stores.models import Store
from tests.backoffice.world import World, sign_in, sqlite_world
from tests.store_controller.sync.harness import ADMIN

__all__ = ["sqlite_world"]
MILK, BREAD = "07310865071804", "07300400481588"


def signed_in(world: World, who: str) -> TestClient:
    client = TestClient(world.backoffice.app)
    status, _ = sign_in(client, world.emails[who])
    assert status == 303
    return client


def stock_it(world: World) -> None:
    admin = TestClient(world.backoffice.app)
    for sku, name, gtin in (("p-mjolk", "Mellanmjölk", MILK), ("p-limpa", "Limpa", BREAD)):
        body = {"sku": sku, "name": name, "price_ore": 1990, "vat_class": "food",
                "gtins": [gtin], "cost_price_ore": 1250}  # fmt: skip
        answer = admin.put(f"/api/admin/products/{sku}", json=body, headers=ADMIN)
        assert answer.status_code == 200, answer.text
    with world.backoffice.sessions.begin() as session:
        store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
        book(
            session, store_id=store.id, kind="delivery", source="delivery:test",
            moves=[Move(MILK, 4)], now=world.clock.now,
        )  # fmt: skip
        session.add(
            StockMovement(
                store_id=store.id, movement_id=uuid.uuid4(), product_key=BREAD,
                quantity_delta=-2, weight_delta_g=0, reason="sale", sale_id=None,
                occurred_at=world.clock.now, seq=1,
            )
        )  # fmt: skip


def test_the_book_with_needs_a_count_and_cost_for_owners_only(sqlite_world: World) -> None:
    stock_it(sqlite_world)
    owner = signed_in(sqlite_world, "owner").get("/stores/a-1/stock")
    assert owner.status_code == 200
    assert "Mellanmjölk" in owner.text
    assert "behöver räknas" in owner.text
    assert ">-2<" not in owner.text
    assert "−2" not in owner.text
    assert "Värde (inköp)" in owner.text
    assert "50,00" in owner.text
    volunteer = signed_in(sqlite_world, "volunteer")
    page = volunteer.get("/stores/a-1/stock")
    assert page.status_code == 200
    assert "behöver räknas" in page.text
    assert "Värde (inköp)" not in page.text
    assert "50,00" not in page.text
    assert 'href="/stock"' in volunteer.get("/").text
    assert volunteer.get("/stores/a-2/stock").status_code == 404
    assert signed_in(sqlite_world, "bookkeeper").get("/stores/a-1/stock").status_code == 200
