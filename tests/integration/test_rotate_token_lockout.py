"""A key rotation never leaves the store controller without a working key, whatever stops it
half-way (real sync client against the real backoffice app): the answer to `POST /device/rotate`
lost on the way, the controller stopped before it stored the new key, or the disk refusing the
credential file. The old key keeps working until the new one's first request; the controller
rotates again (the command is still pending after a crash), and the new key it never used is
refused. The owner sees one controller throughout. SQLite and PostgreSQL."""

from __future__ import annotations

import errno
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

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
CARD = re.compile(r'data-testid="device-[0-9]+"')
URL = "http://backoffice"


@dataclass
class Store:
    owner: httpx.AsyncClient
    transport: httpx.AsyncBaseTransport
    local: sessionmaker[Session]
    folder: Path
    device_id: int
    token: str
    clock: ManualClock

    def controller(self, transport: httpx.AsyncBaseTransport | None = None) -> SyncService:
        """A controller started from its credential file (as after a restart)."""
        stored = load_credential(self.folder)
        assert stored is not None
        client = BackofficeClient(URL, transport=transport or self.transport)
        client.use_token(stored.token)
        clock = ManualClock(T0)
        service = SyncService(
            client=client,
            sessions=self.local,
            clock=clock,
            store_id="byn-1",
            software_version="0.9.0",
            catalog=CheckoutCatalog(self.local, clock.now),
        )
        service.keep_credential = keeper(self.folder)
        return service

    async def status(self, token: str) -> int:
        answer = await self.owner.get("/api/sync/v1/commands", headers=bearer(token))
        return answer.status_code

    async def ask_rotation(self) -> None:
        asked = await self.owner.post(
            f"/stores/byn-1/devices/{self.device_id}/rotate", headers=ADMIN
        )
        assert asked.status_code == 303, asked.text


class LoseRotationAnswer(httpx.AsyncBaseTransport):
    """Forwards everything; the answer to `POST /device/rotate` is lost after it was made."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.losing = True
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if self.losing and request.url.path.endswith("/device/rotate"):
            self.lost += 1
            await response.aread()
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def keeper(folder: Path) -> Callable[[wire.DeviceCredential], None]:
    def keep(rotated: wire.DeviceCredential) -> None:
        credential = StoredCredential(URL, rotated.store_id, rotated.device_id, rotated.token)
        save_credential(folder, credential)

    return keep


@asynccontextmanager
async def enrolled_store(database_url: str, folder: Path) -> AsyncIterator[Store]:
    clock = ManualClock(T0)  # the backoffice's
    with (
        running_backoffice(database_url, clock.now) as backoffice,
        controller_outbox(folder) as local,
    ):
        transport = backoffice.transport()
        async with httpx.AsyncClient(base_url=URL, transport=transport) as owner:
            made = await owner.post(
                "/api/admin/stores", json={"slug": "byn-1", "name": "Byn"}, headers=ADMIN
            )
            assert made.status_code == 201, made.text
            found = CODE.search(
                (await owner.post("/stores/byn-1/devices/codes", headers=ADMIN)).text
            )
            assert found is not None
            client = BackofficeClient(URL, transport=transport)
            enrolled = await client.enroll(found.group(1), "0.9.0")
            await client.aclose()
            save_credential(
                folder, StoredCredential(URL, "byn-1", enrolled.device_id, enrolled.token)
            )
            store = Store(
                owner, transport, local, folder, enrolled.device_id, enrolled.token, clock
            )
            first = store.controller()
            await first.pull_catalog()  # names rotate_token among its features
            await first.client.aclose()
            yield store


async def test_a_controller_stopped_before_storing_its_new_key_keeps_the_old_one(
    database_url: str, tmp_path: Path
) -> None:
    async with enrolled_store(database_url, tmp_path) as store:
        await store.ask_rotation()
        doomed = store.controller()
        lost = await doomed.client.rotate()  # got the new key, then the power went
        await doomed.client.aclose()
        assert load_credential(tmp_path).token == store.token  # type: ignore[union-attr]
        assert await store.status(store.token) == 200  # the old key still works

        page = (await store.owner.get("/stores/byn-1/devices", headers=ADMIN)).text
        assert f'data-testid="device-{store.device_id}"' in page  # still the one controller
        assert f'data-testid="device-{lost.device_id}"' not in page

        restarted = store.controller()
        assert await restarted.pull_commands() == 1  # still pending: it rotates again
        stored = load_credential(tmp_path)
        assert stored is not None
        assert stored.token not in (store.token, lost.token)
        await restarted.heartbeat()  # the client now sends the new key
        assert await store.status(stored.token) == 200
        assert await store.status(store.token) == 401  # replaced at the new key's first use
        assert await store.status(lost.token) == 401  # the key it never stored is gone

        after = (await store.owner.get("/stores/byn-1/devices", headers=ADMIN)).text
        assert len(CARD.findall(after)) == 1
        card = after.split(f'data-testid="device-{stored.device_id}"', 1)[1]
        assert "Nyckel bytt" in card
        assert f"Enhet {store.device_id}</h3>" in card  # the name it had before
        await restarted.client.aclose()


async def test_a_lost_answer_or_a_full_disk_leaves_the_old_key_working(
    database_url: str, tmp_path: Path
) -> None:
    async with enrolled_store(database_url, tmp_path) as store:
        await store.ask_rotation()
        cut = LoseRotationAnswer(store.transport)
        controller = store.controller(cut)
        assert await controller.pull_commands() == 1
        assert cut.lost == 1  # the backoffice made a new key; the answer never arrived
        assert load_credential(tmp_path).token == store.token  # type: ignore[union-attr]
        await controller.heartbeat()  # still works with the old key
        page = (await store.owner.get("/stores/byn-1/devices", headers=ADMIN)).text
        assert "Styrenheten kunde inte byta nyckel" in page
        assert "Den gamla nyckeln fungerar som förut; be om ett nytt byte." in page
        lost_reason = page.split('data-testid="rotation-reason"', 1)[1].split("</p>", 1)[0]
        assert "Styrenheten tappade förbindelsen med backoffice" in lost_reason

        store.clock.advance(60)
        await store.ask_rotation()

        def full(_: wire.DeviceCredential) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        controller.keep_credential = full
        cut.losing = False
        assert await controller.pull_commands() == 1
        await controller.heartbeat()  # the old key, still
        assert load_credential(tmp_path).token == store.token  # type: ignore[union-attr]
        refused = (await store.owner.get("/stores/byn-1/devices", headers=ADMIN)).text
        plain = refused.split('data-testid="rotation"', 1)[1].split("</p>", 1)[0]
        assert "den nådde inte fram eller kunde inte slutföra bytet." in plain
        assert "Den gamla nyckeln fungerar som förut; be om ett nytt byte." in plain
        assert "No space left on device" not in plain  # the technical reason is secondary
        technical = refused.split('data-testid="rotation-detail"', 1)[1].split("</details>")[0]
        assert "Teknisk orsak" in technical
        assert "No space left on device" in technical
        assert "the old one is kept" in technical
        reason = refused.split('data-testid="rotation-reason"', 1)[1].split("</p>", 1)[0]
        assert "Orsak: Styrenhetens disk är full, så den nya nyckeln kunde inte sparas." in reason
        english = await store.owner.get(
            "/stores/byn-1/devices", headers={**ADMIN, "Cookie": "byabutik_lang=en"}
        )
        assert "it did not get through or could not complete the swap." in english.text
        assert "Technical reason" in english.text
        assert "Reason: The controller&#39;s disk is full, so the new key could not be stored." in (
            english.text
        )
        assert len(CARD.findall(refused)) == 1
        await controller.client.aclose()
