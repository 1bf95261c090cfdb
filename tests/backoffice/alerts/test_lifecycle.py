"""The alert lifecycle through the API: stores' reports become one case per kind, counted;
a volunteer acknowledges and resolves it with a note; the store's all-clear resolves it by rule;
every step is in the history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from retail import wire
from store_controller.core.clock import ManualClock
from tests.backoffice.alerts.conftest import Store, report
from tests.store_controller.sync.harness import T0

HELD = wire.AlertCategory.DOOR_HELD_OPEN
FORCED = wire.AlertCategory.DOOR_FORCED


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'backoffice.db'}"
    return str(request.getfixturevalue("postgres_url"))


def alerts(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    answer = client.get("/api/alerts", params=params)
    assert answer.status_code == 200, answer.text
    return list(answer.json()["alerts"])


def test_reports_of_one_kind_count_into_one_open_alert(client: TestClient, store: Store) -> None:
    store.push([report(HELD, at=T0), report(HELD, wire.Severity.CRITICAL, at=T0.replace(hour=9))])
    [alert] = alerts(client)
    assert alert["store"] == "byn-1"
    assert alert["kind"] == "door_held_open"
    assert (alert["count"], alert["status"], alert["severity"]) == (2, "open", "critical")
    assert alert["first_seen"].startswith("2026-11-28T08:00")
    assert alert["last_seen"].startswith("2026-11-28T09:00")


def test_acknowledge_then_resolve_with_a_note_keeps_the_history(
    client: TestClient, store: Store, clock: ManualClock
) -> None:
    store.push([report(FORCED, wire.Severity.CRITICAL)])
    [alert] = alerts(client)
    clock.advance(60)
    acked = client.post(f"/api/alerts/{alert['id']}/acknowledge", json={"by": "Anna"}).json()
    assert (acked["status"], acked["acknowledged_by"]) == ("acknowledged", "Anna")
    assert acked["acknowledged_at"].startswith("2026-11-28T08:01")
    taken = client.post(f"/api/alerts/{alert['id']}/acknowledge", json={"by": "Bo"})
    assert taken.status_code == 409
    assert "Anna" in taken.json()["detail"]
    clock.advance(600)
    done = client.post(
        f"/api/alerts/{alert['id']}/resolve", json={"by": "Anna", "note": "grannen stängde"}
    ).json()
    assert (done["status"], done["resolved_by"]) == ("resolved", "Anna")
    assert done["resolution_note"] == "grannen stängde"
    assert [(e["action"], e["actor"]) for e in done["history"]] == [
        ("raised", None),
        ("acknowledged", "Anna"),
        ("resolved", "Anna"),
    ]
    assert alerts(client) == []
    assert [a["id"] for a in alerts(client, status="resolved")] == [alert["id"]]
    again = client.post(f"/api/alerts/{alert['id']}/resolve", json={"by": "Bo"})
    assert again.status_code == 409


def test_the_stores_all_clear_resolves_by_rule_and_a_new_report_opens_a_new_alert(
    client: TestClient, store: Store
) -> None:
    first, second = report(HELD), report(HELD)
    store.push([first, second, first.model_copy(update={"cleared": True})])
    assert len(alerts(client)) == 1, "one report of that kind is still not cleared"
    store.push([second.model_copy(update={"cleared": True})])
    assert alerts(client) == []
    [closed] = alerts(client, status="resolved")
    assert closed["resolved_by"] is None
    assert closed["resolution_note"] == "cleared by the store"
    store.push([report(HELD)])
    [reopened] = alerts(client)
    assert reopened["id"] != closed["id"]
    assert reopened["count"] == 1
    history = client.get(f"/api/alerts/{closed['id']}").json()["history"]
    assert [e["action"] for e in history] == ["raised", "repeated", "cleared"]


def test_a_replayed_report_is_not_counted_twice(client: TestClient, store: Store) -> None:
    raised = report(FORCED, wire.Severity.CRITICAL)
    store.push([raised])
    store.push([raised])
    assert alerts(client)[0]["count"] == 1


def test_filters_and_order(client: TestClient, store: Store, backoffice: Any) -> None:
    other = Store(client, backoffice.enroll_store("byn-2"), "byn-2", store.clock)
    store.push([report(HELD, wire.Severity.INFO), report(FORCED, wire.Severity.CRITICAL)])
    other.push([report(HELD, wire.Severity.WARNING)])
    listed = alerts(client)
    assert [(a["store"], a["severity"]) for a in listed] == [
        ("byn-1", "critical"),
        ("byn-2", "warning"),
        ("byn-1", "info"),
    ]
    assert [a["store"] for a in alerts(client, store="byn-2")] == ["byn-2"]
    assert [a["kind"] for a in alerts(client, severity="critical")] == ["door_forced"]
    assert [a["store"] for a in alerts(client, kind="door_held_open", limit=1, offset=1)] == [
        "byn-1"
    ]
    client.post(f"/api/alerts/{listed[1]['id']}/acknowledge", json={"by": "Anna"})
    assert [a["status"] for a in alerts(client)] == ["open", "open", "acknowledged"]
    assert client.get("/api/alerts", params={"store": "nowhere"}).status_code == 404
    assert client.get("/api/alerts", params={"status": "maybe"}).status_code == 422


def test_bad_requests_are_refused_clearly(client: TestClient, store: Store) -> None:
    store.push([report(HELD)])
    [alert] = alerts(client)
    assert client.post("/api/alerts/999/acknowledge", json={"by": "Anna"}).status_code == 404
    assert (
        client.post(f"/api/alerts/{alert['id']}/acknowledge", json={"by": " "}).status_code == 422
    )
    unsigned = client.get("/api/alerts", headers={"Authorization": ""})
    assert unsigned.status_code == 401
    assert alerts(client)[0]["status"] == "open"
