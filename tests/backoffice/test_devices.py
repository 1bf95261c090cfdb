"""Enrollment codes (one-time, expiring, hashed) and device tokens (hashed, revocable,
rotatable)."""

from __future__ import annotations

from datetime import timedelta

import httpx2
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.devices.models import Device, EnrollmentCode
from backoffice.devices.service import digest, issue_enrollment_code, revoke_device
from backoffice.stores.service import create_store
from byabutik.runtime.db import utcnow
from tests.backoffice.conftest import bearer
from tests.store_controller.sync.harness import Backoffice


def new_code(
    backoffice: Backoffice, slug: str = "byn-1", ttl: timedelta = timedelta(hours=1)
) -> str:
    with backoffice.sessions.begin() as session:
        store = create_store(session=session, slug=slug, name="Byn")
        return issue_enrollment_code(session=session, store=store, now=utcnow(), ttl=ttl).code


def enroll(client: TestClient, code: str) -> httpx2.Response:
    return client.post(
        "/api/sync/v1/enroll", json={"protocol": 1, "code": code, "software_version": "0.1.0"}
    )


def test_a_code_works_once_and_is_stored_hashed(client: TestClient, backoffice: Backoffice) -> None:
    code = new_code(backoffice)
    first = enroll(client, code)
    assert first.status_code == 200
    credential = first.json()
    assert credential["store_id"] == "byn-1"
    assert enroll(client, code).status_code == 401
    with backoffice.sessions() as session:
        stored = session.scalars(select(EnrollmentCode)).one()
        device = session.scalars(select(Device)).one()
    assert stored.code_hash == digest(code)
    assert device.token_hash == digest(credential["token"])
    assert credential["token"] not in device.token_hash


def test_an_expired_code_is_refused(client: TestClient, backoffice: Backoffice) -> None:
    code = new_code(backoffice, ttl=timedelta(seconds=-1))
    assert enroll(client, code).status_code == 401


def test_a_malformed_code_is_422_and_an_old_protocol_426(client: TestClient) -> None:
    assert enroll(client, "nope").status_code == 422
    old = client.post(
        "/api/sync/v1/enroll",
        json={"protocol": 0, "code": "AAAA-AAAA-AAAA-AAAA", "software_version": "0.1.0"},
    )
    assert old.status_code == 426


def test_rotation_replaces_the_token(client: TestClient, backoffice: Backoffice) -> None:
    token = enroll(client, new_code(backoffice)).json()["token"]
    rotated = client.post("/api/sync/v1/device/rotate", headers=bearer(token))
    assert rotated.status_code == 200
    fresh = rotated.json()["token"]
    # The old token works until the new one's first request (a lost answer locks nobody out).
    assert client.get("/api/sync/v1/commands", headers=bearer(token)).status_code == 200
    assert client.get("/api/sync/v1/commands", headers=bearer(fresh)).status_code == 200
    assert client.get("/api/sync/v1/commands", headers=bearer(token)).status_code == 401


def test_a_revoked_device_is_401(client: TestClient, backoffice: Backoffice) -> None:
    answer = enroll(client, new_code(backoffice)).json()
    with backoffice.sessions.begin() as session:
        revoke_device(session=session, device_id=answer["device_id"], now=utcnow())
    assert client.get("/api/sync/v1/commands", headers=bearer(answer["token"])).status_code == 401
