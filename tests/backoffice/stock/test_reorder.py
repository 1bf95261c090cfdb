"""The reorder list: what sold over the last weeks (the stores' sale movements, older ones
left out) gives a rate and the days the stock lasts; the owner's minimum level and pack size
give how much to order from each supplier, as JSON and as a semicolon CSV order file."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from retail import wire
from tests.backoffice.conftest import bearer
from tests.backoffice.products.conftest import Owner
from tests.store_controller.sync.harness import ADMIN, batch

MILK, BREAD, EGGS = "7310865071804", "7300400481588", "7350001234564"
STOCK = "/api/admin/stores/byn-a/stock"


def push(owner: Owner, moves: list[tuple[str, int, int, wire.StockReason]], start: int) -> None:
    """(code, quantity, days ago, reason) as the store reports them."""
    payloads: list[wire.OutboxPayload] = [
        wire.StockMovement(
            movement_id=uuid.uuid4(),
            occurred_at=owner.clock.now - timedelta(days=days_ago),
            product_key="0" + code,
            quantity_delta=delta,
            reason=reason,
        )
        for code, delta, days_ago, reason in moves
    ]
    answer = owner.client.post(
        "/api/sync/v1/push",
        content=batch("byn-a", payloads, start=start).model_dump_json(),
        headers={**bearer(owner.tokens["byn-a"]), "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text


def deliver(owner: Owner, code: str, quantity: int) -> None:
    opened = owner.client.post(
        f"{STOCK}/deliveries", json={"supplier": "Dagab", "note_number": "F-1"}, headers=ADMIN
    )
    delivery = opened.json()["id"]
    line = {"code": code, "quantity": quantity}
    owner.client.post(f"{STOCK}/deliveries/{delivery}/lines", json=line, headers=ADMIN)
    booked = owner.client.post(f"{STOCK}/deliveries/{delivery}/commit", json={}, headers=ADMIN)
    assert booked.status_code == 200, booked.text


def reorder(owner: Owner, **params: Any) -> dict[str, dict[str, Any]]:
    answer = owner.client.get(f"{STOCK}/reorder", params=params, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return {ln["sku"]: ln for group in answer.json()["suppliers"] for ln in group["lines"]}


def level(owner: Owner, sku: str, min_level: int | None, pack: int | None = None) -> None:
    body = {"min_level": min_level, "pack_size": pack}
    answer = owner.client.put(f"{STOCK}/reorder-levels/{sku}", json=body, headers=ADMIN)
    assert answer.status_code == 200, answer.text


def test_sales_rate_days_of_cover_and_what_to_order(owner: Owner) -> None:
    owner.store("byn-a")
    owner.put("mjolk", name="Mjölk", gtins=[MILK], supplier="Dagab")
    owner.put("limpa", name="Limpa", gtins=[BREAD], supplier="Pågen")
    owner.put("agg", name="=Ägg 12", gtins=[EGGS], supplier="Dagab")
    deliver(owner, MILK, 150)
    sold = wire.StockReason.SALE
    # 28 milk over the last four weeks (one a day), 100 long before; 2 bread, one returned
    push(owner, [(MILK, -1, d, sold) for d in range(28)] + [(MILK, -100, 40, sold)], 1)
    push(owner, [(BREAD, -2, 3, sold), (BREAD, -1, 2, sold),
                 (BREAD, 1, 1, wire.StockReason.RETURN)], 30)  # fmt: skip
    lines = reorder(owner)
    assert set(lines) == {"mjolk", "limpa"}  # eggs: no level, never sold
    milk = lines["mjolk"]
    assert (milk["on_hand"], milk["sold"], milk["per_day"]) == (22, 28, 1.0)
    assert (milk["days_of_cover"], milk["suggested"]) == (22.0, 0)  # 14 days' cover is there
    assert reorder(owner, cover_days=30)["mjolk"]["suggested"] == 8
    bread = lines["limpa"]
    assert (bread["on_hand"], bread["needs_count"], bread["sold"]) == (None, True, 2)
    assert (bread["days_of_cover"], bread["suggested"]) == (0.0, 1)  # ordered as if empty
    assert reorder(owner, weeks=8)["mjolk"]["sold"] == 128  # the old sale is in 8 weeks

    level(owner, "mjolk", 40, pack=6)
    level(owner, "agg", 12, pack=10)
    lines = reorder(owner)
    assert lines["mjolk"]["suggested"] == 18  # up to the minimum 40, three packs of 6
    assert (lines["agg"]["on_hand"], lines["agg"]["days_of_cover"]) == (0, None)
    assert lines["agg"]["suggested"] == 20  # 12 rounded up to two packs of 10
    grouped = owner.client.get(f"{STOCK}/reorder", headers=ADMIN).json()["suppliers"]
    assert [(g["supplier"], [ln["sku"] for ln in g["lines"]]) for g in grouped] == [
        ("Dagab", ["agg", "mjolk"]),
        ("Pågen", ["limpa"]),
    ]

    csv = owner.client.get(f"{STOCK}/reorder.csv", params={"supplier": "Dagab", "bom": "true"},
                           headers=ADMIN)  # fmt: skip
    assert csv.status_code == 200
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert "bestallning-byn-a-Dagab-" in csv.headers["content-disposition"]
    assert csv.content.startswith("\ufeff".encode())
    rows = [r.split(";") for r in csv.content.decode("utf-8-sig").split("\r\n") if r]
    assert rows[0][0] == "Artikel"
    assert rows[0][-1] == "Beställ"
    assert [(r[0], r[1], r[6], r[-1]) for r in rows[1:]] == [
        ("agg", "'=Ägg 12", "0,0", "20"),  # a name is never a formula
        ("mjolk", "Mjölk", "1,0", "18"),
    ]
    plain = owner.client.get(f"{STOCK}/reorder.csv", params={"supplier": "Pågen"}, headers=ADMIN)
    assert plain.content.decode().startswith("Artikel;")  # no BOM unless asked

    level(owner, "agg", None)  # removed
    assert "agg" not in reorder(owner)
    assert owner.client.put(f"{STOCK}/reorder-levels/nej", json={"min_level": 1},
                            headers=ADMIN).status_code == 404  # fmt: skip
    bad = owner.client.put(f"{STOCK}/reorder-levels/mjolk", json={"min_level": -1}, headers=ADMIN)
    assert bad.status_code == 422
    assert reorder(owner)["mjolk"]["min_level"] == 40  # refused input changed nothing
