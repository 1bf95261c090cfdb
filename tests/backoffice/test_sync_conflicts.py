"""A record arriving again with the identity of one held (same sale, movement, visit, alert
report or Z-report, or the same sequence number) but other content is never dropped in silence:
the first is kept, the second is quarantined verbatim, the owner gets an alert, and the API
shows both."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.alerts.models import Alert, AlertCase
from backoffice.sales.models import Sale
from retail import wire
from tests.backoffice.test_push import count, push
from tests.retail.wire.factories import z_report
from tests.store_controller.sync.harness import ADMIN, T0, Backoffice, batch, movement, sale


@pytest.fixture
def token(backoffice: Backoffice) -> str:
    return backoffice.enroll_store("byn-1")


def quarantine(client: TestClient) -> list[dict[str, object]]:
    answer = client.get("/api/admin/stores/byn-1/sync/quarantine", headers=ADMIN)
    assert answer.status_code == 200
    listed: list[dict[str, object]] = answer.json()
    return listed


def owner_alerts(backoffice: Backoffice) -> list[Alert]:
    with backoffice.sessions() as session:
        return list(session.scalars(select(Alert).where(Alert.category == "sync_conflict")))


def visit() -> wire.Visit:
    return wire.Visit(
        visit_id=uuid.uuid4(), occurred_at=T0, outcome=wire.VisitOutcome.GRANTED, age=40
    )


def alert() -> wire.Alert:
    return wire.Alert(
        alert_id=uuid.uuid4(),
        occurred_at=T0,
        category=wire.AlertCategory.TEMPERATURE,
        severity=wire.Severity.WARNING,
        message="frysen är varm",
    )


Pair = tuple[wire.OutboxPayload, wire.OutboxPayload]


def sales() -> Pair:
    first = sale(1)
    return first, sale(1, amount=2000).model_copy(update={"sale_id": first.sale_id})


def movements() -> Pair:
    first = movement()
    return first, first.model_copy(update={"quantity_delta": -5})


def visits() -> Pair:
    first = visit()
    return first, first.model_copy(update={"age": 17})


def alerts() -> Pair:
    first = alert()
    return first, first.model_copy(update={"message": "dörren står öppen"})


def z_reports() -> Pair:
    first = z_report()
    return first, z_report(grand_total_ore=2_000_000)


@pytest.mark.parametrize("make", [sales, movements, visits, alerts, z_reports])
def test_a_second_version_of_a_fact_is_quarantined_beside_the_first(
    client: TestClient, backoffice: Backoffice, token: str, make: Callable[[], Pair]
) -> None:
    first, second = make()
    assert push(client, token, batch("byn-1", [first])).json()["acked_through"] == 1
    assert push(client, token, batch("byn-1", [second], start=2)).json()["acked_through"] == 2
    [held] = quarantine(client)
    assert held["reason"] == "conflict"
    assert held["seq"] == 2
    assert held["kind"] == first.kind
    assert held["kept_seq"] == 1
    assert held["entry"] == batch("byn-1", [second], start=2).entries[0].model_dump(mode="json")
    assert held["kept"] is not None
    [raised] = owner_alerts(backoffice)
    assert raised.cleared_at is None
    assert f"sekvens {1}" in raised.message


def test_the_first_sale_is_kept_and_both_are_shown(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    first, second = sales()
    push(client, token, batch("byn-1", [first, second]))
    with backoffice.sessions() as session:
        assert session.scalars(select(Sale.total_ore)).all() == [1500]
    [held] = quarantine(client)
    entry = held["entry"]
    kept = held["kept"]
    assert isinstance(entry, dict)
    assert isinstance(kept, dict)
    assert entry["payload"]["total_ore"] == 2000
    assert kept["total_ore"] == 1500
    assert kept["lines"][0]["amount_ore"] == 1500


def test_the_same_sequence_with_other_content_is_quarantined_once(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    push(client, token, batch("byn-1", [sale(1)]))
    other = batch("byn-1", [sale(2)])
    for _ in range(3):  # a store retrying: one quarantined record, one alert
        assert push(client, token, other).json()["acked_through"] == 1
    [held] = quarantine(client)
    assert (held["seq"], held["kept_seq"]) == (1, 1)
    assert len(owner_alerts(backoffice)) == 1
    with backoffice.sessions() as session:
        [case] = session.scalars(select(AlertCase).where(AlertCase.kind == "sync_conflict"))
        assert (case.status, case.count) == ("open", 1)
    assert count(backoffice, Sale) == 1


def test_an_identical_repeat_is_no_conflict(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    first = sale(1)
    cleared = alert()
    pushed = batch("byn-1", [first, cleared, cleared.model_copy(update={"cleared": True})])
    push(client, token, pushed)
    push(client, token, pushed)
    push(client, token, batch("byn-1", [first, movement()], start=4))
    assert quarantine(client) == []
    assert owner_alerts(backoffice) == []
    assert count(backoffice, Sale) == 1
