"""The sync API reads bodies through the wire's JSON entry point and models: what the wire
refuses is a 422 whose errors name the record and the field, and nothing of it is stored.
(An entry of a push refused on its own is quarantined instead: test_sync_refused.)"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backoffice.heartbeats.models import HeartbeatRecord
from backoffice.sync.models import ReceivedEntry
from retail import wire
from tests.backoffice.conftest import bearer
from tests.store_controller.sync.harness import T0, Backoffice, batch, sale


@pytest.fixture
def token(backoffice: Backoffice) -> str:
    return backoffice.enroll_store("byn-1")


def post(client: TestClient, token: str, path: str, text: str) -> Any:
    headers = {**bearer(token), "Content-Type": "application/json"}
    return client.post(f"/api/sync/v1/{path}", content=text, headers=headers)


def stored(backoffice: Backoffice, model: type[object]) -> int:
    with backoffice.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_key_given_twice_is_refused_and_named(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    text = batch("byn-1", [sale(1)]).model_dump_json()
    twice = text.replace('"amount_ore":', '"amount_ore":1,"amount_ore":', 1)
    answer = post(client, token, "push", twice)
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert error["type"] == "json_duplicate_key"
    assert error["loc"] == ["entries", 0, "payload", "lines", 0, "amount_ore"]
    assert stored(backoffice, ReceivedEntry) == 0


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('{"protocol": NaN}', "json_invalid"),
        ("[1, 2]", "dict_type"),
        ('{"protocol": 1', "json_invalid"),
    ],
)
def test_a_body_that_is_not_one_plain_json_object_is_refused(
    client: TestClient, token: str, text: str, kind: str
) -> None:
    answer = post(client, token, "push", text)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["type"] == kind


def heartbeat() -> dict[str, Any]:
    beat = wire.Heartbeat(
        sent_at=T0,
        software_version="0.1.0",
        uptime_s=5,
        outbox_backlog=0,
        catalog_revision=0,
        door=wire.DoorState.LOCKED,
        lock_down=False,
    )
    document: dict[str, Any] = json.loads(beat.model_dump_json())
    return document


@pytest.mark.parametrize(
    ("text", "loc"),
    [
        (json.dumps(heartbeat() | {"lock_down": 0}), ["lock_down"]),
        (json.dumps(heartbeat() | {"sent_at": "1764331200"}), ["sent_at"]),
        (
            json.dumps(heartbeat()).replace('"uptime_s":', '"uptime_s": 1, "uptime_s":'),
            ["uptime_s"],
        ),
    ],
)
def test_a_heartbeat_is_read_as_strictly(
    client: TestClient, backoffice: Backoffice, token: str, text: str, loc: list[str]
) -> None:
    answer = post(client, token, "heartbeat", text)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == loc
    assert stored(backoffice, HeartbeatRecord) == 0
    assert post(client, token, "heartbeat", json.dumps(heartbeat())).status_code == 204


def test_a_push_read_straight_from_its_bytes_stores_what_the_careful_way_stores(
    client: TestClient, backoffice: Backoffice, token: str
) -> None:
    """Most pushes are read straight from their bytes (`wire.read_push`); one with anything
    escaped goes the careful way. The same entries give the same rows either way."""
    other = backoffice.enroll_store("byn-2")
    sold = sale(1)
    straight = batch("byn-1", [sold]).model_dump_json()
    escaped = json.dumps(json.loads(batch("byn-2", [sold]).model_dump_json()))  # ö as \u00f6
    assert "\\u00f6" in escaped
    assert wire.read_push(straight.encode()) is not None
    assert post(client, token, "push", straight).json()["acked_through"] == 1
    assert post(client, other, "push", escaped).json()["acked_through"] == 1
    with backoffice.sessions() as session:
        rows = session.execute(
            select(ReceivedEntry.kind, ReceivedEntry.identity, ReceivedEntry.digest).order_by(
                ReceivedEntry.store_id
            )
        ).all()
    assert len(rows) == 2
    assert rows[0] == rows[1]
