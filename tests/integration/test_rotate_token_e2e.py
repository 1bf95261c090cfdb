"""Rotating a store controller's key from the owner's devices page, end to end: the owner
creates an enrollment code on the page, the real controller enrolls with it, names its features
on a catalog pull, and the owner asks for a new key; on its next command pull the real sync
client swaps its token through `POST /device/rotate`, keeps the new one (the credential file)
and acknowledges with it. The old token is refused with 401, the new one works, and the page
shows one controller whose key was rotated. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from retail import wire
from store_controller.core.clock import ManualClock
from store_controller.sync.checkout_catalog import CheckoutCatalog
from store_controller.sync.client import BackofficeClient
from store_controller.sync.credential import StoredCredential, load_credential, save_credential
from store_controller.sync.service import SyncService
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    ADMIN,
    T0,
    anyio_backend,
    controller_outbox,
    running_backoffice,
)

pytestmark = pytest.mark.anyio
CODE = re.compile(r'data-testid="enrollment-code">([A-Z0-9-]+)<')


async def test_the_owner_rotates_a_controllers_key_and_the_old_one_is_refused(
    database_url: str, tmp_path: Path
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as local:
        transport = backoffice.transport()
        async with httpx.AsyncClient(base_url="http://backoffice", transport=transport) as owner:
            made = await owner.post(
                "/api/admin/stores", json={"slug": "byn-1", "name": "Byn"}, headers=ADMIN
            )
            assert made.status_code == 201, made.text
            page = await owner.post("/stores/byn-1/devices/codes", headers=ADMIN)
            assert page.status_code == 200, page.text
            found = CODE.search(page.text)
            assert found is not None
            assert "Giltig till" in page.text

            client = BackofficeClient("http://backoffice", transport=transport)
            enrolled = await client.enroll(found.group(1), "0.9.0")
            old = enrolled.token
            client.use_token(old)
            save_credential(
                tmp_path,
                StoredCredential("http://backoffice", "byn-1", enrolled.device_id, old),
            )
            clock = ManualClock(T0)
            service = SyncService(
                client=client,
                sessions=local,
                clock=clock,
                store_id="byn-1",
                software_version="0.9.0",
                catalog=CheckoutCatalog(local, clock.now),
            )

            def keep(rotated: wire.DeviceCredential) -> None:
                save_credential(
                    tmp_path,
                    StoredCredential(
                        "http://backoffice", rotated.store_id, rotated.device_id, rotated.token
                    ),
                )

            service.keep_credential = keep
            await service.pull_catalog()  # names its features, rotate_token among them
            listed = await owner.get("/stores/byn-1/devices", headers=ADMIN)
            assert "Byt nyckel" in listed.text

            asked = await owner.post(
                f"/stores/byn-1/devices/{enrolled.device_id}/rotate", headers=ADMIN
            )
            assert asked.status_code == 303
            waiting = await owner.get("/stores/byn-1/devices", headers=ADMIN)
            assert "väntar på att butiken hör av sig." in waiting.text

            assert await service.pull_commands() == 1
            stored = load_credential(tmp_path)
            assert stored is not None
            assert stored.token != old
            assert stored.device_id != enrolled.device_id

            bearer_old = {"Authorization": f"Bearer {old}"}
            bearer_new = {"Authorization": f"Bearer {stored.token}"}
            refused = await owner.get("/api/sync/v1/commands", headers=bearer_old)
            assert refused.status_code == 401
            fresh = await owner.get("/api/sync/v1/commands", headers=bearer_new)
            assert fresh.status_code == 200
            assert fresh.json()["commands"] == []  # acknowledged (with the new token)
            await service.heartbeat()  # the client itself now sends the new token

            after = await owner.get("/stores/byn-1/devices", headers=ADMIN)
            # One controller: the new key's row, saying the key was rotated (the old row kept).
            assert "Spärrad" not in after.text
            assert f'data-testid="device-{enrolled.device_id}"' not in after.text
            card = after.text.split(f'data-testid="device-{stored.device_id}"', 1)[1]
            assert "Nyckel bytt" in card
            assert f"Enhet {enrolled.device_id}</h3>" in card  # its first key's number, still
            assert "väntar på att butiken hör av sig." not in after.text
            await client.aclose()
