"""A volunteer receives a delivery (a GS1 code brings its best-before date and batch), sells
through the store, counts a shelf, writes off what expired and sends some to the next village:
every figure of the book is the sum of its movements, valued at cost."""

from __future__ import annotations

import uuid
from typing import Any

from retail import wire
from tests.backoffice.conftest import bearer
from tests.backoffice.products.conftest import Owner
from tests.store_controller.sync.harness import ADMIN, batch

MILK = "7310865071804"
MILK14 = "0" + MILK
BREAD = "7300400481588"
STOCK = "/api/admin/stores/byn-a/stock"


def post(owner: Owner, path: str, body: dict[str, Any], status: int = 201) -> Any:
    answer = owner.client.post(STOCK + path, json=body, headers=ADMIN)
    assert answer.status_code == status, answer.text
    return answer.json()


def book(owner: Owner, slug: str = "byn-a") -> dict[str, Any]:
    answer = owner.client.get(f"/api/admin/stores/{slug}/stock/book", headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return {line["product_key"]: line for line in answer.json()}


def sold(owner: Owner, delta: int, seq: int, reason: wire.StockReason) -> None:
    movement = wire.StockMovement(
        movement_id=uuid.uuid4(),
        occurred_at=owner.clock.now,
        product_key=MILK14,
        quantity_delta=delta,
        reason=reason,
    )
    answer = owner.client.post(
        "/api/sync/v1/push",
        content=batch("byn-a", [movement], start=seq).model_dump_json(),
        headers={**bearer(owner.tokens["byn-a"]), "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text


def test_a_delivery_a_sale_a_count_and_waste_add_up(owner: Owner) -> None:
    owner.store("byn-a")
    owner.put("mjolk", gtins=[MILK], cost_price_ore=1100, essential=True)
    delivery = post(owner, "/deliveries", {"supplier": "Dagab", "note_number": "FS-1042"})["id"]
    line = post(
        owner,
        f"/deliveries/{delivery}/lines",
        {"code": f"(01){MILK14}(17)261203(10)LOT7", "quantity": 12},
    )
    assert (line["product_key"], line["known"]) == (MILK14, True)
    assert (line["best_before"], line["batch"]) == ("2026-12-03", "LOT7")
    unknown = post(owner, f"/deliveries/{delivery}/lines", {"code": BREAD, "quantity": 5})
    assert unknown["known"] is False
    refused = owner.client.post(f"{STOCK}/deliveries/{delivery}/commit", headers=ADMIN)
    assert refused.status_code == 409
    assert "0" + BREAD in refused.text
    owner.put("brod", gtins=[BREAD], cost_price_ore=2000)  # the catalog's make-a-product step
    assert post(owner, f"/deliveries/{delivery}/commit", {}, 200) == {"movements": 2}

    sold(owner, -3, 1, wire.StockReason.SALE)
    sold(owner, 1, 2, wire.StockReason.RETURN)
    lines = book(owner)
    assert lines[MILK14]["quantity"] == 10
    assert lines[MILK14]["cost_value_ore"] == 11000
    assert lines["0" + BREAD]["quantity"] == 5

    expiring = owner.client.get(f"{STOCK}/expiring", params={"days": 5}, headers=ADMIN).json()
    assert expiring == [
        {"product_key": MILK14, "best_before": "2026-12-03", "batch": "LOT7", "left": 10}
    ]

    shelf = post(owner, "/stocktakes", {"shelf": "Kyl 1"})["id"]
    for _ in range(8):
        scanned = post(owner, f"/stocktakes/{shelf}/scans", {"code": MILK}, 200)
    assert scanned == {"product_key": MILK14, "counted": 8}
    owner.store("byn-b")
    elsewhere = owner.client.post(
        "/api/admin/stores/byn-b/stock/stocktakes", json={"shelf": "Kyl 1"}, headers=ADMIN
    ).json()["id"]
    for stocktake, code, status in (
        (shelf, "12345", 422),  # not a product code: counts nothing
        (elsewhere, MILK, 404),  # another store's count
        (shelf + elsewhere, "12345", 404),  # no such count, whatever the code
    ):
        refused = owner.client.post(
            f"{STOCK}/stocktakes/{stocktake}/scans", json={"code": code}, headers=ADMIN
        )
        assert refused.status_code == status, refused.text
    differences = owner.client.get(f"{STOCK}/stocktakes/{shelf}/differences", headers=ADMIN)
    assert [(d["expected"], d["counted"], d["difference"]) for d in differences.json()] == [
        (10, 8, -2)
    ]
    post(owner, f"/stocktakes/{shelf}/commit", {"reason": "veckoinventering"}, 200)
    assert book(owner)[MILK14]["quantity"] == 8
    again = owner.client.post(
        f"{STOCK}/stocktakes/{shelf}/scans", json={"code": MILK}, headers=ADMIN
    )
    assert again.status_code == 409

    post(owner, "/waste", {"code": MILK, "quantity": 2, "reason": "expired"})
    assert book(owner)[MILK14]["quantity"] == 6
    bad = owner.client.post(
        f"{STOCK}/waste", json={"code": MILK, "quantity": 1, "reason": "lost"}, headers=ADMIN
    )
    assert bad.status_code == 422


def test_a_negative_sum_needs_a_count_and_has_no_value(owner: Owner) -> None:
    owner.store("byn-a")
    owner.put("mjolk", gtins=[MILK], cost_price_ore=1100)
    sold(owner, -2, 1, wire.StockReason.SALE)
    line = book(owner)[MILK14]
    assert (line["quantity"], line["needs_count"], line["cost_value_ore"]) == (None, True, None)


def test_transfers_stay_inside_one_association(owner: Owner) -> None:
    owner.store("byn-a")
    owner.store("byn-b")
    owner.put("mjolk", gtins=[MILK], cost_price_ore=1100)
    post(owner, "/waste", {"code": MILK, "quantity": 1, "reason": "damaged"})
    post(owner, "/transfers", {"to": "byn-b", "lines": [{"code": MILK, "quantity": 4}]})
    assert book(owner, "byn-a")[MILK14]["needs_count"] is True
    assert book(owner, "byn-b")[MILK14]["quantity"] == 4
    garbage = owner.client.post(
        f"{STOCK}/transfers",
        json={"to": "byn-b", "lines": [{"code": "12", "quantity": 1}]},
        headers=ADMIN,
    )
    assert garbage.status_code == 422
    assert "not a product code" in garbage.text
