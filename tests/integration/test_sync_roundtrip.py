"""The real controller sync client against the real backoffice, in process and over HTTP,
on SQLite and PostgreSQL: enrollment, push, catalog, commands, heartbeat."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.commands.service import command_status, issue_command
from backoffice.devices.service import issue_enrollment_code
from backoffice.sales.models import Sale, SaleLine
from backoffice.stock.models import StockOnHand
from backoffice.stores.service import create_store, get_store
from byabutik.runtime.db import utcnow
from retail import wire
from store_controller.core.clock import ManualClock
from store_controller.sync.client import BackofficeClient
from store_controller.sync.credential import load_credential
from store_controller.sync.enroll import enroll
from store_controller.sync.ports import CommandOutcome, MemoryCatalog
from store_controller.sync.service import SyncService
from tests.servers import serving
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    ADMIN,
    MILK,
    T0,
    Backoffice,
    anyio_backend,
    controller_outbox,
    running_backoffice,
    trade,
)

pytestmark = pytest.mark.anyio


class DoorCommands:
    def __init__(self) -> None:
        self.seen: list[wire.Command] = []

    async def handle(self, command: wire.Command) -> CommandOutcome:
        self.seen.append(command)
        return CommandOutcome(wire.CommandStatus.DONE)


@contextmanager
def base_url_and_transport(
    backoffice: Backoffice, how: str
) -> Iterator[tuple[str, httpx.AsyncBaseTransport | None]]:
    if how == "in-process":
        yield "http://backoffice", backoffice.transport()
    else:
        with serving(backoffice.app) as url:
            yield url, None


@asynccontextmanager
async def service_for(
    url: str, token: str, transport: httpx.AsyncBaseTransport | None, outbox: sessionmaker[Session]
) -> AsyncIterator[SyncService]:
    service = SyncService(
        client=BackofficeClient(url, token, transport=transport),
        sessions=outbox,
        clock=ManualClock(T0),
        store_id="byn-1",
        software_version="0.1.0",
        catalog=MemoryCatalog(),
        commands=DoorCommands(),
    )
    try:
        yield service
    finally:
        await service.client.aclose()


@pytest.mark.parametrize("how", ["in-process", "http"])
async def test_enroll_sell_push_pull_and_beat(database_url: str, tmp_path: Path, how: str) -> None:
    with (
        running_backoffice(database_url) as backoffice,
        controller_outbox(tmp_path) as outbox,
        base_url_and_transport(backoffice, how) as (url, transport),
    ):
        with backoffice.sessions.begin() as session:
            store = create_store(session=session, slug="byn-1", name="Byn")
            code = issue_enrollment_code(session=session, store=store, now=utcnow()).code
        credential, path = await enroll(
            backoffice_url=url,
            code=code,
            data_dir=tmp_path,
            software_version="0.1.0",
            transport=transport,
        )
        assert load_credential(tmp_path) == credential
        assert path.stat().st_mode & 0o777 == 0o600

        trade(outbox, 30)
        async with httpx.AsyncClient(base_url=url, transport=transport) as admin:
            product = wire.Product(
                sku="mjolk", name="Mjölk", gtins=(MILK,), price_ore=1500, vat_class="food"
            )
            answer = await admin.put(
                "/api/admin/catalog/products/mjolk",
                headers=ADMIN,
                json=product.model_dump(mode="json"),
            )
            assert answer.status_code == 200
        with backoffice.sessions.begin() as session:
            store_id = get_store(session=session, slug="byn-1").id
            command = issue_command(
                session=session,
                store_id=store_id,
                now=utcnow(),
                body=wire.RemoteUnlock(seconds=5),
                issued_by="test",
            )

        async with service_for(url, credential.token, transport, outbox) as service:
            assert await service.drain() == 60
            assert await service.pull_catalog() >= 1
            assert await service.pull_commands() == 1
            beat = await service.heartbeat()

        assert isinstance(service.catalog, MemoryCatalog)
        assert set(service.catalog.products) == {"mjolk"}
        assert isinstance(service.commands, DoorCommands)
        assert [c.command_id for c in service.commands.seen] == [command.command_id]
        assert beat.outbox_backlog == 0
        with backoffice.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Sale)) == 30
            assert session.scalar(select(func.count()).select_from(SaleLine)) == 30
            on_hand = session.get_one(StockOnHand, (store_id, MILK))
            assert on_hand.quantity == -30
            status = command_status(session=session, command_id=command.command_id)
            assert status is not None
            assert status.status == "done"

        async with httpx.AsyncClient(base_url=url, transport=transport) as admin:
            page = await admin.get("/stores/byn-1/sales", headers=ADMIN)
            assert page.status_code == 200
            assert "30 sales received" in page.text
            listed = await admin.get("/api/admin/stores/byn-1/status", headers=ADMIN)
            assert listed.json()["heartbeat"]["outbox_backlog"] == 0
