"""An entry the backoffice must refuse never stalls the store's outbox: it is kept verbatim in
quarantine with the fields at fault, the owner is alerted, the rest of the batch is applied,
and the acknowledgement counts it as held and (protocol 2 on) names it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.alerts.models import Alert
from backoffice.sales.models import Sale
from backoffice.sync.models import QuarantinedEntry
from tests.backoffice.test_push import count, push
from tests.store_controller.sync.harness import ADMIN, Backoffice, batch, sale


@pytest.fixture
def token(backoffice: Backoffice) -> str:
    return backoffice.enroll_store("byn-1")


def mispriced_second_of_three() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        batch("byn-1", [sale(1), sale(2), sale(3)]).model_dump_json()
    )
    document["protocol"] = 2
    document["entries"][1]["payload"]["lines"][0]["amount_ore"] += 1
    return document


def listed(client: TestClient) -> list[dict[str, Any]]:
    answer = client.get("/api/admin/stores/byn-1/sync/quarantine", headers=ADMIN)
    assert answer.status_code == 200
    rows: list[dict[str, Any]] = answer.json()
    return rows


def refusal_alerts(backoffice: Backoffice) -> list[Alert]:
    with backoffice.sessions() as session:
        return list(session.scalars(select(Alert).where(Alert.category == "sync_refused")))


def test_a_refused_sale_is_quarantined_and_the_rest_flows(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    document = mispriced_second_of_three()
    answer = push(client, token, document)
    assert answer.status_code == 200
    assert answer.json()["acked_through"] == 3
    assert answer.json()["quarantined"] == [2]
    assert count(backoffice, Sale) == 2  # the first and the third
    [row] = listed(client)
    assert row["reason"] == "refused"
    assert row["seq"] == 2
    assert row["kind"] == "sale"
    assert "payload.sale.lines.0.amount_ore" in row["detail"]
    assert row["entry"] == document["entries"][1]  # verbatim
    [alert] = refusal_alerts(backoffice)
    assert "amount_ore" in alert.message


def test_a_replayed_batch_quarantines_and_alerts_once(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    document = mispriced_second_of_three()
    first = push(client, token, document).json()
    again = push(client, token, document).json()
    assert again == first  # the store whose ack was lost learns the same
    assert len(listed(client)) == 1
    assert len(refusal_alerts(backoffice)) == 1
    assert count(backoffice, Sale) == 2


def test_an_entry_from_before_2000_is_quarantined_naming_created_at(
    client: TestClient, token: str
) -> None:
    document = json.loads(batch("byn-1", [sale(1)]).model_dump_json())
    document["protocol"] = 2
    document["entries"][0]["created_at"] = "1970-01-01T00:00:00Z"
    answer = push(client, token, document)
    assert answer.json() == {
        "protocol": 2,
        "store_id": "byn-1",
        "acked_through": 1,
        "quarantined": [1],
    }
    [row] = listed(client)
    assert row["detail"].startswith("created_at:")


def test_an_entry_of_no_known_kind_is_quarantined(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    document = json.loads(batch("byn-1", [sale(1), sale(2)]).model_dump_json())
    document["protocol"] = 2
    document["entries"][0]["payload"] = {"kind": "lottery_ticket", "numbers": [1, 2]}
    answer = push(client, token, document)
    assert answer.json()["acked_through"] == 2
    assert answer.json()["quarantined"] == [1]
    [row] = listed(client)
    assert row["kind"] == "lottery_ticket"
    assert row["entry"]["payload"] == {"kind": "lottery_ticket", "numbers": [1, 2]}
    assert count(backoffice, Sale) == 1


def test_a_version_1_store_gets_an_ack_it_can_read(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    document = mispriced_second_of_three()
    document["protocol"] = 1
    answer = push(client, token, document)
    assert answer.json() == {"protocol": 1, "store_id": "byn-1", "acked_through": 3}
    assert len(listed(client)) == 1


def test_nothing_quarantined_is_deleted_by_a_later_push(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    push(client, token, mispriced_second_of_three())
    later = json.loads(batch("byn-1", [sale(4)], start=4).model_dump_json())
    assert push(client, token, later).json()["acked_through"] == 4
    with backoffice.sessions() as session:
        kept = session.scalars(select(QuarantinedEntry)).all()
    assert [(q.seq, q.reason) for q in kept] == [(2, "refused")]


def test_a_batch_that_breaks_the_batch_rules_is_still_422(client: TestClient, token: str) -> None:
    document = mispriced_second_of_three()
    document["entries"][2]["seq"] = 9
    answer = push(client, token, document)
    assert answer.status_code == 422
    assert listed(client) == []
