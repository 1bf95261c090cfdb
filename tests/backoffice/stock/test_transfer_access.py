"""Moving goods to another store changes that store's book too: the caller needs the right to
change stock in both, and a store they have no role in is not found."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.people.models import Person, RoleGrant
from backoffice.stores.models import Store
from tests.backoffice.stock.test_stock_pages import MILK, stock_it
from tests.backoffice.world import World, sqlite_world

__all__ = ["sqlite_world"]
TRANSFER = "/api/admin/stores/a-1/stock/transfers"


def test_a_transfer_needs_the_right_to_change_stock_in_the_receiving_store(
    sqlite_world: World,
) -> None:
    world = sqlite_world
    stock_it(world)  # 4 milk in a-1
    with world.backoffice.sessions.begin() as session:
        stores = {s.slug: s for s in session.scalars(select(Store))}
        stores["a-2"].org_number = stores["a-1"].org_number  # one association's two stores
        volunteer = session.scalars(
            select(Person.id).where(Person.email == world.emails["volunteer"])
        ).one()
        a2 = stores["a-2"].id
    client = TestClient(world.backoffice.app)
    auth = {"Authorization": f"Bearer {world.tokens['volunteer']}"}
    body = {"to": "a-2", "lines": [{"code": MILK, "quantity": 2}]}

    def a2_book() -> list[dict[str, object]]:
        answer = client.get("/api/admin/stores/a-2/stock/book", headers=auth)
        return list(answer.json()) if answer.status_code == 200 else []

    refused = client.post(TRANSFER, json=body, headers=auth)  # no role in a-2 at all
    assert refused.status_code == 404
    assert "no store a-2" in refused.text
    elsewhere = client.post(TRANSFER, json={**body, "to": "b-1"}, headers=auth)
    assert elsewhere.status_code == 404  # another association's store: not found either
    with world.backoffice.sessions.begin() as session:
        session.add(RoleGrant(person_id=volunteer, store_id=a2, role="bookkeeper"))
    read_only = client.post(TRANSFER, json=body, headers=auth)
    assert read_only.status_code == 403  # sees a-2's stock, may not change it
    assert a2_book() == []
    with world.backoffice.sessions.begin() as session:
        session.add(RoleGrant(person_id=volunteer, store_id=a2, role="volunteer"))
    moved = client.post(TRANSFER, json=body, headers=auth)
    assert moved.status_code == 201, moved.text
    assert [(ln["product_key"], ln["quantity"]) for ln in a2_book()] == [(MILK, 2)]
