"""Contacts and the on-call rota set up through the admin API, and used by the next alert."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from backoffice.settings import BackofficeSettings
from retail import wire
from store_controller.core.clock import ManualClock
from tests.backoffice.alerts.conftest import Store, report
from tests.backoffice.notify.conftest import tick
from tests.backoffice.notify.servers import Mailbox
from tests.store_controller.sync.harness import Backoffice

BASE = "/api/admin/stores/byn-1"


def test_contacts_and_rota_through_the_api_decide_who_is_told(
    client: TestClient,
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    mail: tuple[Mailbox, int],
) -> None:
    anna = client.post(
        f"{BASE}/contacts",
        json={"name": "Anna", "email": "anna@example.test", "severities": ["critical"]},
    )
    assert anna.status_code == 201, anna.text
    assert anna.json()["severities"] == "critical"
    bo = client.post(
        f"{BASE}/contacts",
        json={"name": "Bo", "email": "bo@example.test", "phone": "+46701234567", "rota_order": 2},
    ).json()
    refused = client.post(f"{BASE}/contacts", json={"name": "X", "phone": "0701234567"})
    assert refused.status_code == 422
    assert "phone" in refused.text
    half = client.post(f"{BASE}/contacts", json={"name": "Y", "quiet_from": "22:00"})
    assert half.status_code == 422
    assert [c["name"] for c in client.get(f"{BASE}/contacts").json()] == ["Anna", "Bo"]

    saturday = {"contact_id": anna.json()["id"], "weekday": 5, "starts": "08:00", "ends": "20:00"}
    rota = client.put(f"{BASE}/rota/shifts", json=[saturday]).json()
    assert rota["on_watch"] == anna.json()["id"]
    cover = {
        "contact_id": bo["id"],
        "starts_at": (clock.now() - timedelta(minutes=5)).isoformat(),
        "ends_at": (clock.now() + timedelta(hours=2)).isoformat(),
    }
    rota = client.post(f"{BASE}/rota/exceptions", json=cover).json()
    assert rota["on_watch"] == bo["id"]
    assert len(rota["exceptions"]) == 1
    naive = {**cover, "starts_at": "2026-11-28T08:00:00"}
    assert client.post(f"{BASE}/rota/exceptions", json=naive).status_code == 422
    other = {**saturday, "contact_id": 999}
    assert client.put(f"{BASE}/rota/shifts", json=[other]).status_code == 404

    store.push([report(wire.AlertCategory.DOOR_FORCED, wire.Severity.CRITICAL, at=clock.now())])
    tick(backoffice, settings, clock)
    assert [str(m["To"]) for m in mail[0].messages] == ["bo@example.test"]

    assert client.delete(f"{BASE}/contacts/{bo['id']}").status_code == 204
    assert client.get(f"{BASE}/contacts").json()[1]["active"] is False
    assert client.get(f"{BASE}/contacts", headers={"Authorization": ""}).status_code == 401
