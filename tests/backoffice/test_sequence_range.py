"""Sequence numbers have a range (1..wire.MAX_SEQUENCE): outside it a push is refused with a 422
naming the field, and whatever a store pushed inside it, enrollment and rotation still answer."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from backoffice.devices.service import issue_enrollment_code
from backoffice.stores.service import get_store
from byabutik.runtime.db import utcnow
from retail import wire
from tests.backoffice.conftest import bearer
from tests.backoffice.test_devices import enroll, new_code
from tests.backoffice.test_push import push
from tests.store_controller.sync.harness import Backoffice, batch, sale


@pytest.mark.parametrize("seq", [wire.MAX_SEQUENCE + 1, 2**62, 0, -1])
def test_a_sequence_outside_the_range_is_refused_naming_the_field(
    client: TestClient, backoffice: Backoffice, seq: int
) -> None:
    token = enroll(client, new_code(backoffice)).json()["token"]
    body = json.loads(batch("byn-1", [sale(1)]).model_dump_json())
    body["entries"][0]["seq"] = seq
    answer = push(client, token, body)
    assert answer.status_code == 422
    assert ["entries", 0, "seq"] in [error["loc"] for error in answer.json()["detail"]]
    rotated = client.post("/api/sync/v1/device/rotate", headers=bearer(token))
    assert rotated.status_code == 200
    assert rotated.json()["last_seq"] == 0


def test_the_highest_sequence_keeps_enrollment_and_rotation_working(
    client: TestClient, backoffice: Backoffice
) -> None:
    token = enroll(client, new_code(backoffice)).json()["token"]
    answer = push(client, token, batch("byn-1", [sale(1)], start=wire.MAX_SEQUENCE))
    assert answer.status_code == 200
    assert answer.json()["acked_through"] == 0  # a gap before it holds the mark back
    rotated = client.post("/api/sync/v1/device/rotate", headers=bearer(token))
    assert rotated.status_code == 200
    assert rotated.json()["last_seq"] == wire.MAX_SEQUENCE
    with backoffice.sessions.begin() as session:
        store = get_store(session=session, slug="byn-1")
        code = issue_enrollment_code(session=session, store=store, now=utcnow()).code
    enrolled = enroll(client, code)  # a re-imaged Pi of the same store
    assert enrolled.status_code == 200
    assert enrolled.json()["last_seq"] == wire.MAX_SEQUENCE
