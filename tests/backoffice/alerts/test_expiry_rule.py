"""Expiry in the alert rules, on a manual clock: an essential product whose only stock expires
within a day raises `essential_expiring`; a fresher batch clears it; a product that is not
essential, or one with later stock beside the old batch, raises nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from backoffice.stock.essentials import essential_keys
from store_controller.core.clock import ManualClock
from tests.backoffice.alerts.conftest import Store
from tests.backoffice.alerts.test_lifecycle import alerts
from tests.backoffice.alerts.test_rules import kinds, run
from tests.store_controller.sync.harness import ADMIN, Backoffice

MILK, BREAD = "7310865071804", "7300400481588"


def deliver(client: TestClient, slug: str, lines: list[tuple[str, int, date]]) -> None:
    stock = f"/api/admin/stores/{slug}/stock"
    opened = client.post(f"{stock}/deliveries", json={"supplier": "Dagab", "note_number": "F"},
                         headers=ADMIN)  # fmt: skip
    delivery = opened.json()["id"]
    for code, quantity, best_before in lines:
        line: dict[str, Any] = {"code": code, "quantity": quantity,
                                "best_before": best_before.isoformat()}  # fmt: skip
        added = client.post(f"{stock}/deliveries/{delivery}/lines", json=line, headers=ADMIN)
        assert added.status_code == 201, added.text
    booked = client.post(f"{stock}/deliveries/{delivery}/commit", json={}, headers=ADMIN)
    assert booked.status_code == 200, booked.text


def test_an_essential_product_whose_only_stock_expires_within_a_day(
    client: TestClient, backoffice: Backoffice, store: Store, clock: ManualClock
) -> None:
    for sku, gtin, essential in (("mjolk", MILK, True), ("limpa", BREAD, False)):
        body = {"sku": sku, "name": sku, "price_ore": 1000, "vat_class": "food",
                "gtins": [gtin], "essential": essential}  # fmt: skip
        assert client.put(f"/api/admin/products/{sku}", json=body, headers=ADMIN).status_code == 200
    store.heartbeat()
    today = clock.now().date()  # 2026-11-28, 09:00 in Stockholm
    deliver(client, store.slug, [(MILK, 6, today + timedelta(days=2)),
                                 (BREAD, 3, today)])  # fmt: skip
    raised = run(backoffice, clock, essential_products=essential_keys).raised
    assert [c.kind for c in raised] == []  # milk lasts two days; bread is not essential

    clock.advance(24 * 3600)  # tomorrow the milk expires the day after: within a day
    store.heartbeat()
    raised = run(backoffice, clock, essential_products=essential_keys).raised
    assert [c.kind for c in raised] == ["essential_expiring"]
    [alert] = [a for a in alerts(client) if a["kind"] == "essential_expiring"]
    assert alert["message"] == "Går ut inom en dag: 0" + MILK
    assert alert["severity"] == "warning"
    assert not run(backoffice, clock, essential_products=essential_keys).raised  # the same case

    deliver(client, store.slug, [(MILK, 4, today + timedelta(days=9))])  # fresher milk
    assert run(backoffice, clock, essential_products=essential_keys).cleared == 1
    assert "essential_expiring" not in kinds(client)
