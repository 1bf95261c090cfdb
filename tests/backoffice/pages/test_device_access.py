"""Who may act on a store's devices, probed by changing the slug or the device id: the owner of
another association sees nothing of this store's devices and cannot create a code, revoke or
rotate (404, as for a store that does not exist), not even a device of this store named under
their own store's address; a volunteer or bookkeeper may look but not act (403); every POST needs
the session's CSRF token; each action leaves one audit record; the enrollment code's answer is
not cached, and neither codes nor tokens appear in logs, audit records or error messages. On the
sync side a revoked device, or a device of another store, can neither list, acknowledge nor
rotate. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.devices.models import Device
from tests.backoffice.pages.test_device_controller_pages import bearer, card, enroll
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in


def _posts(device: int) -> list[str]:
    return [
        "/stores/a-1/devices/codes",
        f"/stores/a-1/devices/{device}/revoke",
        f"/stores/a-1/devices/{device}/rotate",
    ]


def _features(client: TestClient, token: str) -> None:
    pulled = client.get("/api/sync/v1/catalog?since=0&features=rotate_token", headers=bearer(token))
    assert pulled.status_code == 200


def test_only_this_stores_owner_acts_on_its_devices(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        made = owner.post("/stores/a-1/devices/codes", data={"csrf_token": token})
        assert made.headers["cache-control"] == "no-store"
        device, device_token = enroll(owner, token)
        code = made.text.split('data-testid="enrollment-code">', 1)[1].split("<", 1)[0]
        for path in _posts(device):
            assert owner.post(path).status_code == 403  # no CSRF token
            assert owner.post(path, data={"csrf_token": "forged"}).status_code == 403

    with TestClient(world.backoffice.app) as stranger:  # owner of b-1, another association
        sign_in(stranger, world.emails["other_owner"])
        theirs = csrf(stranger)
        assert stranger.get("/stores/a-1/devices").status_code == 404
        assert stranger.get(f"/stores/a-1/devices?revoke={device}").status_code == 404
        for path in _posts(device):
            answer = stranger.post(path, data={"csrf_token": theirs})
            assert answer.status_code == 404, path
            assert code not in answer.text
            assert device_token not in answer.text
        for action in ("revoke", "rotate"):  # a-1's device under their own store's address
            answer = stranger.post(
                f"/stores/b-1/devices/{device}/{action}", data={"csrf_token": theirs}
            )
            assert answer.status_code == 404
            assert "no device" in answer.text
        own = stranger.get(f"/stores/b-1/devices?revoke={device}")
        assert own.status_code == 200
        assert f'data-testid="device-{device}"' not in own.text  # no confirm step either

    for role in ("volunteer", "bookkeeper"):
        with TestClient(world.backoffice.app) as staff:
            sign_in(staff, world.emails[role])
            theirs = csrf(staff)
            assert staff.get("/stores/a-1/devices").status_code == 200  # may look
            for path in _posts(device):
                assert staff.post(path, data={"csrf_token": theirs}).status_code == 403, path

    with world.backoffice.sessions() as session:
        assert session.get_one(Device, device).revoked_at is None
        rows = session.scalars(
            select(AuditRecord).where(AuditRecord.store_id.is_not(None)).order_by(AuditRecord.id)
        ).all()
        trail = json.dumps([[r.action, r.target, r.before, r.after] for r in rows], default=str)
    assert [r.action for r in rows if r.action.startswith("device.")] == [
        "device.enrollment_code",
        "device.enrollment_code",
    ]
    for secret in (code, device_token):
        assert secret not in trail
        assert secret not in caplog.text


def test_each_action_is_audited_once_without_secrets(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        device, device_token = enroll(owner, token)
        _features(owner, device_token)
        asked = owner.post(f"/stores/a-1/devices/{device}/rotate", data={"csrf_token": token})
        assert asked.status_code == 200  # followed to the page
        rotated = owner.post("/api/sync/v1/device/rotate", headers=bearer(device_token)).json()
        new_token = str(rotated["token"])
        # Revoked while its new key was not used yet: both keys refused.
        confirm = owner.get(f"/stores/a-1/devices?revoke={device}")
        assert "Ja, spärra enheten" in card(confirm.text, device)
        done = owner.post(f"/stores/a-1/devices/{device}/revoke", data={"csrf_token": token})
        assert done.status_code == 200
        for key in (device_token, new_token):
            assert owner.get("/api/sync/v1/commands", headers=bearer(key)).status_code == 401
        again = owner.post(f"/stores/a-1/devices/{device}/revoke", data={"csrf_token": token})
        assert again.status_code == 200  # harmless, not audited twice
        refused = owner.post(f"/stores/a-1/devices/{device}/rotate", data={"csrf_token": token})
        assert refused.status_code == 409
    with world.backoffice.sessions() as session:
        rows = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.action.in_(["device.revoke", "command.rotate_token"]))
            .order_by(AuditRecord.id)
        ).all()
        assert [r.action for r in rows] == ["command.rotate_token", "device.revoke"]
        trail = json.dumps([[r.target, r.before, r.after] for r in rows], default=str)
    for secret in (device_token, new_token):
        assert secret not in trail
        assert secret not in caplog.text


def test_a_revoked_or_foreign_device_cannot_take_a_rotation(world: World) -> None:
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        device, device_token = enroll(owner, token)
        _other, other_token = enroll(owner, token)
        _features(owner, device_token)
        owner.post(f"/stores/a-1/devices/{device}/rotate", data={"csrf_token": token})
        listed = owner.get("/api/sync/v1/commands", headers=bearer(device_token)).json()
        command_id = listed["commands"][0]["command_id"]
        # Another controller of the store is not sent it.
        assert owner.get("/api/sync/v1/commands", headers=bearer(other_token)).json() == {
            "commands": []
        }
    with TestClient(world.backoffice.app) as stranger:
        sign_in(stranger, world.emails["other_owner"])
        theirs = csrf(stranger)
        made = stranger.post("/stores/b-1/devices/codes", data={"csrf_token": theirs})
        code = made.text.split('data-testid="enrollment-code">', 1)[1].split("<", 1)[0]
        foreign = stranger.post(
            "/api/sync/v1/enroll", json={"protocol": 1, "code": code, "software_version": "1.0.0"}
        ).json()["token"]
        assert stranger.get("/api/sync/v1/commands", headers=bearer(foreign)).json() == {
            "commands": []
        }
        ack = {"command_id": command_id, "status": "done", "at": world.clock.now.isoformat()}
        taken = stranger.post(
            f"/api/sync/v1/commands/{command_id}/ack", json=ack, headers=bearer(foreign)
        )
        assert taken.status_code == 404
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        owner.post(f"/stores/a-1/devices/{device}/revoke", data={"csrf_token": token})
        key = bearer(device_token)
        answers = [
            owner.get("/api/sync/v1/commands", headers=key),
            owner.post(f"/api/sync/v1/commands/{command_id}/ack", json=ack, headers=key),
            owner.post("/api/sync/v1/device/rotate", headers=key),
        ]
        for answer in answers:
            assert answer.status_code == 401
            assert device_token not in answer.text
