"""The push endpoint: authentication, the store from the credential, idempotence, gaps,
limits and protocol versions."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backoffice.alerts.models import Alert
from backoffice.barcodes.models import UnknownBarcode
from backoffice.heartbeats.models import HeartbeatRecord, StoreStatus
from backoffice.sales.models import Sale
from backoffice.visits.models import Visit
from backoffice.zreports.models import ZReport
from retail import wire
from tests.backoffice.conftest import bearer
from tests.store_controller.sync.harness import T0, Backoffice, batch, movement, sale


def count(backoffice: Backoffice, model: type[object]) -> int:
    with backoffice.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def push(
    client: TestClient, token: str, body: wire.PushBatch | dict[str, object]
) -> httpx2.Response:
    content = body.model_dump_json() if isinstance(body, wire.PushBatch) else json.dumps(body)
    headers = {**bearer(token), "Content-Type": "application/json"}
    return client.post("/api/sync/v1/push", content=content, headers=headers)


@pytest.fixture
def token(backoffice: Backoffice) -> str:
    return backoffice.enroll_store("byn-1")


def test_a_replay_changes_nothing(client: TestClient, backoffice: Backoffice, token: str) -> None:
    sold = sale(1)
    pushed = batch("byn-1", [sold, movement(sold.sale_id)])
    for _ in range(3):
        answer = push(client, token, pushed)
        assert answer.json() == {"protocol": 1, "store_id": "byn-1", "acked_through": 2}
    assert count(backoffice, Sale) == 1


def test_the_same_sale_under_two_sequence_numbers_counts_once(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    sold = sale(1)
    answer = push(client, token, batch("byn-1", [sold, sold, movement(), movement()]))
    assert answer.json()["acked_through"] == 4
    assert count(backoffice, Sale) == 1


def test_every_kind_is_applied(client: TestClient, backoffice: Backoffice, token: str) -> None:
    alert = wire.Alert(
        alert_id="6d8a8f3c-9e0e-4a8e-9b7c-3f1f2c1d0e01",
        occurred_at=T0,
        category=wire.AlertCategory.DOOR_HELD_OPEN,
        severity=wire.Severity.WARNING,
        message="dörren står öppen",
    )
    payloads: list[wire.OutboxPayload] = [
        alert,
        alert.model_copy(update={"cleared": True}),
        wire.Visit(
            visit_id="6d8a8f3c-9e0e-4a8e-9b7c-3f1f2c1d0e02",
            occurred_at=T0,
            outcome=wire.VisitOutcome.GRANTED,
            age=40,
            door_opened_at=T0,
        ),
        wire.Heartbeat(
            sent_at=T0,
            software_version="0.1.0",
            uptime_s=5,
            outbox_backlog=3,
            catalog_revision=0,
            door=wire.DoorState.LOCKED,
            lock_down=False,
        ),
        wire.UnknownBarcode(scanned_at=T0, register_id="kassa-1", product_key="07310000000001"),
        wire.ZReport(
            register_id="kassa-1",
            z_number=1,
            business_date=T0.date(),
            opened_at=T0,
            closed_at=T0,
            receipt_count=0,
            sales_ore=0,
            returns_ore=0,
            vat=(),
            payments=(),
            grand_total_ore=0,
        ),
        wire.CommandAck(
            command_id="6d8a8f3c-9e0e-4a8e-9b7c-3f1f2c1d0e03",
            status=wire.CommandStatus.DONE,
            at=T0,
        ),
    ]
    pushed = batch("byn-1", payloads)
    assert push(client, token, pushed).json()["acked_through"] == 7
    assert push(client, token, batch("byn-1", payloads[5:6], start=8)).status_code == 200
    with backoffice.sessions() as session:
        stored = session.scalars(select(Alert)).one()
        assert stored.cleared_at == T0
    for model, expected in [
        (Visit, 1),
        (HeartbeatRecord, 1),
        (StoreStatus, 1),
        (UnknownBarcode, 1),
        (ZReport, 1),
    ]:
        assert count(backoffice, model) == expected


def test_a_gap_holds_the_mark_back(client: TestClient, token: str) -> None:
    assert push(client, token, batch("byn-1", [sale(3)], start=3)).json()["acked_through"] == 0
    assert push(client, token, batch("byn-1", [sale(1)], start=1)).json()["acked_through"] == 1
    assert push(client, token, batch("byn-1", [sale(2)], start=2)).json()["acked_through"] == 3


@pytest.mark.parametrize(
    ("headers", "detail"),
    [({}, "bearer token is required"), (bearer("x" * 43), "unknown or revoked")],
)
def test_no_or_a_wrong_token_is_401(
    client: TestClient, headers: dict[str, str], detail: str
) -> None:
    answer = client.post("/api/sync/v1/push", content=b"{}", headers=headers)
    assert answer.status_code == 401
    assert detail in answer.json()["detail"]
    assert answer.headers["www-authenticate"] == "Bearer"


def test_another_stores_batch_is_403_and_writes_nothing(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    backoffice.enroll_store("byn-2")
    answer = push(client, token, batch("byn-2", [sale(1)]))
    assert answer.status_code == 403
    assert count(backoffice, Sale) == 0


def test_an_invalid_batch_is_422(client: TestClient, token: str) -> None:
    body = json.loads(batch("byn-1", [sale(1), sale(2)]).model_dump_json())
    body["entries"][1]["seq"] = 5
    answer = push(client, token, body)
    assert answer.status_code == 422


@pytest.mark.parametrize("version", [0, 4, "1", None])
def test_an_unsupported_protocol_is_426(client: TestClient, token: str, version: object) -> None:
    body = json.loads(batch("byn-1", [sale(1)]).model_dump_json())
    body["protocol"] = version
    answer = push(client, token, body)
    assert answer.status_code == 426
    assert "not supported" in answer.json()["detail"] or "not a version" in answer.json()["detail"]


def test_an_unsupported_protocol_header_is_426(client: TestClient, token: str) -> None:
    answer = client.get(
        "/api/sync/v1/commands", headers={**bearer(token), "X-Byabutik-Protocol": "9"}
    )
    assert answer.status_code == 426


def test_the_previous_version_is_still_accepted(client: TestClient, token: str) -> None:
    for version in (1, 2):
        body = json.loads(batch("byn-1", [sale(version)], start=version).model_dump_json())
        body["protocol"] = version
        answer = push(client, token, body)
        assert answer.status_code == 200
        assert answer.json()["protocol"] == version
        assert ("quarantined" in answer.json()) == (version >= 2)  # version 1 has no such field


def test_a_body_over_the_limit_is_413(backoffice: Backoffice, token: str) -> None:
    from backoffice.app import create_app
    from backoffice.settings import BackofficeSettings

    app = create_app(
        BackofficeSettings(database_url="sqlite://", sync_max_body_bytes=64 * 1024),
        backoffice.engine,
    )
    big = batch("byn-1", [sale(n) for n in range(1, 400)]).model_dump_json().encode()
    assert len(big) > 64 * 1024
    with TestClient(app) as small:
        answer = small.post("/api/sync/v1/push", content=big, headers=bearer(token))
        assert answer.status_code == 413

        def chunks() -> Iterator[bytes]:
            for start in range(0, len(big), 8192):
                yield big[start : start + 8192]

        streamed = small.post("/api/sync/v1/push", content=chunks(), headers=bearer(token))
        assert streamed.status_code == 413
        assert small.get("/healthz").status_code == 200


def test_a_wrong_store_clock_changes_nothing(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    from datetime import UTC, datetime

    from backoffice.sync.models import ReceivedEntry

    skewed = [
        wire.OutboxEntry(seq=1, created_at=datetime(2099, 1, 1, tzinfo=UTC), payload=sale(1)),
        wire.OutboxEntry(seq=2, created_at=datetime(2000, 1, 1, tzinfo=UTC), payload=sale(2)),
    ]
    pushed = wire.PushBatch(protocol=1, store_id="byn-1", entries=tuple(skewed))
    assert push(client, token, pushed).json()["acked_through"] == 2
    with backoffice.sessions() as session:
        received = session.scalars(select(ReceivedEntry).order_by(ReceivedEntry.seq)).all()
    assert [r.seq for r in received] == [1, 2]  # ordered by sequence, not by the store's clock
    assert all(abs((r.received_at - datetime.now(UTC)).total_seconds()) < 60 for r in received)
