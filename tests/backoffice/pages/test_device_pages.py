"""The store's devices page: the owner creates an enrollment code (shown once, with its expiry),
sees the controller online from its contact and offline after `ONLINE_WITHIN` in the store's
time zone, its version, outbox depth and whether it has applied the newest catalog change, and
revokes it after a confirm step (its token is then refused). Every POST needs CSRF and
`devices.manage` on that store, and is audited. SQLite and PostgreSQL."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.devices.models import Device
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in

CODE = re.compile(r'data-testid="enrollment-code">([A-Z0-9-]+)<')


def _heartbeat(client: TestClient, token: str, world: World, revision: int) -> None:
    beat = {
        "sent_at": world.clock.now.isoformat(),
        "software_version": "1.4.2",
        "uptime_s": 60,
        "outbox_backlog": 7,
        "catalog_revision": revision,
        "door": "locked",
        "lock_down": False,
    }
    answer = client.post(
        "/api/sync/v1/heartbeat", json=beat, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 204, answer.text


def test_owner_enrolls_sees_and_revokes_a_controller(world: World) -> None:
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        token = csrf(owner)
        empty = owner.get("/stores/a-1/devices")
        assert empty.status_code == 200
        assert "Ingen enhet är ansluten än" in empty.text
        assert owner.post("/stores/a-1/devices/codes").status_code == 403  # no CSRF
        made = owner.post("/stores/a-1/devices/codes", data={"csrf_token": token})
        assert made.status_code == 200
        assert made.headers["cache-control"] == "no-store"
        found = CODE.search(made.text)
        assert found is not None
        assert "Giltig till" in made.text
        assert "2026-05-05 10:00" in made.text  # 24 h from 08:00 UTC, in Stockholm (CEST)
        again = owner.get("/stores/a-1/devices")
        assert found.group(1) not in again.text  # shown once
        assert "Oanvända koder: 1" in again.text

        enrolled = owner.post(
            "/api/sync/v1/enroll",
            json={"protocol": 1, "code": found.group(1), "software_version": "1.4.1"},
        ).json()
        device, device_token = enrolled["device_id"], enrolled["token"]
        _heartbeat(owner, device_token, world, revision=0)
        page = owner.get("/stores/a-1/devices")
        card = page.text.split(f'data-testid="device-{device}"', 1)[1]
        assert '<span class="good">Uppkopplad</span>' in card
        assert "1.4.2" in card  # the version its heartbeat reported
        assert "Inte kända än" in card  # no catalog pull yet
        assert 'data-testid="outbox">7<' in page.text
        assert "Butiken har den senaste ändringen." in page.text

        saved = owner.put(
            "/api/admin/stores/a-1/settings",
            json={"display_name": "Byn", "timezone": "Europe/Stockholm"},
            headers={"X-CSRF-Token": token},
        )
        assert saved.status_code == 200, saved.text
        revision = saved.json()["revision"]
        pending = owner.get("/stores/a-1/devices").text
        assert "Butiken har inte hämtat den senaste ändringen än." in pending
        _heartbeat(owner, device_token, world, revision=revision)
        assert "Butiken har den senaste ändringen." in owner.get("/stores/a-1/devices").text
        world.clock.advance(minutes=4)
        later = owner.get("/stores/a-1/devices")
        assert '<span class="bad">Nere</span>' in later.text

        owner.cookies.set("byabutik_lang", "en")
        english = owner.get("/stores/a-1/devices").text
        assert "Controllers" in english
        assert "Offline" in english
        owner.cookies.set("byabutik_lang", "sv")

        confirm = owner.get(f"/stores/a-1/devices?revoke={device}")
        assert "Ja, spärra enheten" in confirm.text
        assert owner.post(f"/stores/a-1/devices/{device}/revoke").status_code == 403
        done = owner.post(f"/stores/a-1/devices/{device}/revoke", data={"csrf_token": token})
        assert done.status_code == 200
        assert "Enheten är spärrad" in done.text
        assert "Spärrad" in done.text.split(f'data-testid="device-{device}"', 1)[1]
        refused = owner.get(
            "/api/sync/v1/commands", headers={"Authorization": f"Bearer {device_token}"}
        )
        assert refused.status_code == 401
        assert "device-" not in owner.get("/stores/a-2/devices").text
        elsewhere = owner.post(f"/stores/a-2/devices/{device}/revoke", data={"csrf_token": token})
        assert elsewhere.status_code in (403, 404)
    with world.backoffice.sessions() as session:
        actions = session.scalars(
            select(AuditRecord.action)
            .where(AuditRecord.action.like("device.%"))
            .order_by(AuditRecord.id)
        ).all()
        assert actions == ["device.enrollment_code", "device.revoke"]
        assert session.get_one(Device, device).revoked_at is not None


def test_a_volunteer_sees_the_page_but_manages_nothing(world: World) -> None:
    with TestClient(world.backoffice.app) as volunteer:
        sign_in(volunteer, world.emails["volunteer"])
        token = csrf(volunteer)
        page = volunteer.get("/stores/a-1/devices")
        assert page.status_code == 200
        assert "Skapa anslutningskod" not in page.text
        made = volunteer.post("/stores/a-1/devices/codes", data={"csrf_token": token})
        assert made.status_code == 403
    with TestClient(world.backoffice.app) as stranger:
        sign_in(stranger, world.emails["other_owner"])
        assert stranger.get("/stores/a-1/devices").status_code == 404
