"""The JSON stock API leaves the same audit trail as the pages: who opened, filled and booked
a delivery, opened and booked a count (with its differences), wrote off waste and moved goods
to another store of the association."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.people.models import Person, RoleGrant
from backoffice.stores.models import Store
from tests.backoffice.stock.test_stock_pages import MILK, stock_it
from tests.backoffice.world import World, sqlite_world

__all__ = ["sqlite_world"]
STOCK = "/api/admin/stores/a-1/stock"


def test_every_change_through_the_api_is_audited(sqlite_world: World) -> None:
    world = sqlite_world
    stock_it(world)
    with world.backoffice.sessions.begin() as session:
        stores = {s.slug: s for s in session.scalars(select(Store))}
        stores["a-2"].org_number = stores["a-1"].org_number  # one association's two stores
        volunteer_id = session.scalars(
            select(Person.id).where(Person.email == world.emails["volunteer"])
        ).one()
        session.add(RoleGrant(person_id=volunteer_id, store_id=stores["a-2"].id, role="volunteer"))
        first = session.scalar(select(AuditRecord.id).order_by(AuditRecord.id.desc()).limit(1))
    client = TestClient(world.backoffice.app)
    auth = {"Authorization": f"Bearer {world.tokens['volunteer']}"}

    def post(path: str, body: dict[str, Any], status: int = 201) -> Any:
        answer = client.post(STOCK + path, json=body, headers=auth)
        assert answer.status_code == status, answer.text
        return answer.json()

    delivery = post("/deliveries", {"supplier": "Dagab", "note_number": "F-7"})["id"]
    post(f"/deliveries/{delivery}/lines", {"code": MILK, "quantity": 6, "cost_ore": 1150})
    post(f"/deliveries/{delivery}/commit", {}, 200)
    count = post("/stocktakes", {"shelf": "Kyl"})["id"]
    post(f"/stocktakes/{count}/scans", {"code": MILK, "quantity": 9}, 200)
    post(f"/stocktakes/{count}/commit", {"reason": "tisdag"}, 200)
    post("/waste", {"code": MILK, "quantity": 1, "reason": "damaged"})
    post("/transfers", {"to": "a-2", "lines": [{"code": MILK, "quantity": 2}]})

    with world.backoffice.sessions.begin() as session:
        trail = list(
            session.scalars(
                select(AuditRecord).where(AuditRecord.id > first).order_by(AuditRecord.id)
            )
        )
    assert [r.action for r in trail] == [
        "stock.delivery.open",
        "stock.delivery.line",
        "stock.delivery.commit",
        "stock.stocktake.open",
        "stock.stocktake.commit",
        "stock.waste",
        "stock.transfer",
    ]
    assert {r.actor_id for r in trail} == {volunteer_id}
    assert {r.store_id for r in trail} == {stores["a-1"].id}
    line, counted, wasted, moved = (json.loads(trail[i].after or "null") for i in (1, 4, 5, 6))
    assert line["quantity"] == 6
    assert line["cost_ore"] == 1150
    assert [(d["expected"], d["counted"], d["difference"]) for d in counted["differences"]] == [
        (10, 9, -1)
    ]
    assert wasted == {"quantity": 1, "reason": "damaged"}
    assert trail[6].target == "a-2"
    assert moved["lines"] == [{"code": MILK, "quantity": 2}]
    refused = client.post(STOCK + "/waste", json={"code": "12", "quantity": 1, "reason": "stolen"},
                          headers=auth)  # fmt: skip
    assert refused.status_code == 422
    with world.backoffice.sessions.begin() as session:
        last = session.scalar(select(AuditRecord.id).order_by(AuditRecord.id.desc()).limit(1))
    assert last == trail[-1].id  # a refused change leaves no record
