"""The admin API and the store page: the admin token, stores, codes, commands, the page."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from tests.backoffice.conftest import bearer
from tests.store_controller.sync.harness import ADMIN, Backoffice, batch, movement, sale


@pytest.mark.parametrize(
    "headers", [{}, bearer("wrong"), bearer("bbt_unknown"), {"Authorization": "x"}]
)
def test_a_person_is_required(client: TestClient, headers: dict[str, str]) -> None:
    answer = client.get("/stores/byn-1/sales", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_a_browser_is_sent_to_sign_in(client: TestClient) -> None:
    answer = client.get(
        "/stores/byn-1/sales", headers={"Accept": "text/html"}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/signin?next=/stores/byn-1/sales"


def test_owner_flow(client: TestClient, backoffice: Backoffice) -> None:
    created = client.post("/api/admin/stores", json={"slug": "byn-1", "name": "Byn"}, headers=ADMIN)
    assert created.status_code == 201
    again = client.post("/api/admin/stores", json={"slug": "byn-1", "name": "Byn"}, headers=ADMIN)
    assert again.status_code == 409
    issued = client.post("/api/admin/stores/byn-1/enrollment-codes", headers=ADMIN).json()
    code = issued["code"]
    with backoffice.sessions() as session:  # the same record as the devices page's code
        audited = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "device.enrollment_code")
        ).one()
    after = json.loads(audited.after or "{}")
    assert audited.target == "byn-1"
    assert datetime.fromisoformat(after["expires_at"]) == datetime.fromisoformat(
        issued["expires_at"]
    )
    assert code not in (audited.after or "")
    token = client.post(
        "/api/sync/v1/enroll", json={"protocol": 1, "code": code, "software_version": "0.1.0"}
    ).json()["token"]
    sold = sale(1, amount=2350)
    pushed = batch("byn-1", [sold, movement(sold.sale_id)])
    client.post(
        "/api/sync/v1/push",
        content=pushed.model_dump_json(),
        headers={**bearer(token), "Content-Type": "application/json"},
    )

    sales = client.get("/api/admin/stores/byn-1/sales", headers=ADMIN).json()
    assert [s["total_ore"] for s in sales] == [2350]
    stock = client.get("/api/admin/stores/byn-1/stock", headers=ADMIN).json()
    assert [(s["product_key"], s["quantity"]) for s in stock] == [(sold.lines[0].product_key, -1)]
    page = client.get("/stores/byn-1/sales", headers=ADMIN)
    assert page.status_code == 200
    assert "23,50" in page.text
    assert client.get("/stores/nowhere/sales", headers=ADMIN).status_code == 404
    assert client.get("/api/admin/stores/byn-1/status", headers=ADMIN).json()["heartbeat"] is None

    command = client.post(
        "/api/admin/stores/byn-1/commands", json={"action": "lock_down", "on": True}, headers=ADMIN
    ).json()
    listed = client.get("/api/sync/v1/commands", headers=bearer(token)).json()["commands"]
    assert [c["command_id"] for c in listed] == [command["command_id"]]
    ack = {"command_id": command["command_id"], "status": "done", "at": command["issued_at"]}
    url = f"/api/sync/v1/commands/{command['command_id']}/ack"
    assert client.post(url, json=ack, headers=bearer(token)).status_code == 204
    assert client.get("/api/sync/v1/commands", headers=bearer(token)).json()["commands"] == []
    other = "/api/sync/v1/commands/6d8a8f3c-9e0e-4a8e-9b7c-3f1f2c1d0e03/ack"
    assert client.post(other, json=ack, headers=bearer(token)).status_code == 403
    stray = {**ack, "command_id": "6d8a8f3c-9e0e-4a8e-9b7c-3f1f2c1d0e03"}
    assert client.post(other, json=stray, headers=bearer(token)).status_code == 404

    assert client.post("/api/admin/stores/byn-1/revoke", headers=ADMIN).json() == {
        "revoked_devices": 1
    }
    assert client.get("/api/sync/v1/commands", headers=bearer(token)).status_code == 401


def test_catalog_admin(client: TestClient, backoffice: Backoffice) -> None:
    backoffice.enroll_store("byn-1")
    milk = {"sku": "mjolk", "name": "Mjölk", "price_ore": 1500, "vat_class": "food"}
    url = "/api/admin/catalog/products/mjolk"
    assert client.put(url, json=milk, headers=ADMIN).json() == {"revision": 1}
    assert client.put(url + "?store=byn-1", json=milk, headers=ADMIN).status_code == 409
    wrong = client.put("/api/admin/catalog/products/ost", json=milk, headers=ADMIN)
    assert wrong.status_code == 409
    settings = {"display_name": "Byn", "timezone": "Europe/Stockholm"}
    assert client.put("/api/admin/stores/byn-1/settings", json=settings, headers=ADMIN).json() == {
        "revision": 2
    }
    policy = {"version": 1, "rules": {"min_age": 18}}
    assert (
        client.put("/api/admin/stores/byn-1/access-policy", json=policy, headers=ADMIN).status_code
        == 204
    )
    assert client.delete(url, headers=ADMIN).json() == {"revision": 4}
