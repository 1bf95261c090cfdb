"""SyncService against a scripted backoffice (httpx.MockTransport): commands, catalog pages,
heartbeats, the loops and their backoff, all on a fake clock and a fake sleeper."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from retail import wire
from store_controller.core.clock import ManualClock
from store_controller.outbox.models import OutboxEntry as OutboxRow
from store_controller.sync.client import BackofficeClient
from store_controller.sync.errors import SequenceConflict
from store_controller.sync.ports import CommandOutcome, MemoryCatalog
from store_controller.sync.service import SyncService, SyncTiming
from tests.store_controller.sync.harness import (  # noqa: F401
    T0,
    anyio_backend,
    controller_outbox,
    trade,
)

pytestmark = pytest.mark.anyio


class FakeBackoffice:
    def __init__(self) -> None:
        self.commands: list[wire.Command] = []
        self.acks: list[dict[str, Any]] = []
        self.ack_status = 204
        self.pages: dict[int, wire.CatalogChanges] = {}
        self.catalog_asks: list[int] = []
        self.acked_through = 0
        self.beats: list[dict[str, Any]] = []
        self.date = T0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/sync/v1")
        headers = {"Date": format_datetime(self.date, usegmt=True)}
        if path == "/commands":
            body = wire.CommandList(commands=tuple(self.commands)).model_dump(mode="json")
            return httpx.Response(200, json=body, headers=headers)
        if path.endswith("/ack"):
            self.acks.append(json.loads(request.content))
            return httpx.Response(self.ack_status, headers=headers)
        if path == "/catalog":
            since = int(request.url.params["since"])
            self.catalog_asks.append(since)
            return httpx.Response(200, json=self.pages[since].model_dump(mode="json"))
        if path == "/heartbeat":
            self.beats.append(json.loads(request.content))
            return httpx.Response(204)
        assert path == "/push"
        ack = wire.PushAck(protocol=1, store_id="byn-1", acked_through=self.acked_through)
        return httpx.Response(200, json=ack.model_dump(mode="json"))


class Door:
    def __init__(self) -> None:
        self.handled: list[wire.Command] = []

    async def handle(self, command: wire.Command) -> CommandOutcome:
        self.handled.append(command)
        return CommandOutcome(wire.CommandStatus.DONE)


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    with controller_outbox(tmp_path) as made:
        yield made


@pytest.fixture
def fake() -> FakeBackoffice:
    return FakeBackoffice()


@pytest.fixture
async def service(fake: FakeBackoffice, sessions: sessionmaker[Session]) -> Any:
    made = SyncService(
        client=BackofficeClient("http://bo", "tok", transport=httpx.MockTransport(fake)),
        sessions=sessions,
        clock=ManualClock(T0),
        store_id="byn-1",
        software_version="0.1.0",
        catalog=MemoryCatalog(),
        commands=Door(),
    )
    yield made
    await made.client.aclose()


def command(body: wire.CommandBody, minutes: int = 10) -> wire.Command:
    return wire.Command(
        command_id=uuid.uuid4(),
        issued_at=T0,
        expires_at=T0 + timedelta(minutes=minutes),
        issued_by="owner",
        body=body,
    )


async def test_a_command_is_carried_out_once_and_acked(
    service: SyncService, fake: FakeBackoffice
) -> None:
    fake.commands = [command(wire.RemoteUnlock(seconds=4))]
    assert await service.pull_commands() == 1
    assert await service.pull_commands() == 0  # listed again before the ack landed: not rerun
    assert isinstance(service.commands, Door)
    assert len(service.commands.handled) == 1
    assert [a["status"] for a in fake.acks] == ["done"]


async def test_expiry_is_judged_by_the_backoffices_clock(
    service: SyncService, fake: FakeBackoffice
) -> None:
    fake.date = T0 + timedelta(minutes=11)  # our own clock still says T0
    fake.commands = [command(wire.LockDown(on=True))]
    await service.pull_commands()
    assert isinstance(service.commands, Door)
    assert service.commands.handled == []
    assert [a["status"] for a in fake.acks] == ["expired"]


async def test_an_undelivered_ack_goes_through_the_outbox(
    service: SyncService, fake: FakeBackoffice, sessions: sessionmaker[Session]
) -> None:
    fake.ack_status = 503
    fake.commands = [command(wire.LockDown(on=False))]
    await service.pull_commands()
    with sessions() as session:
        row = session.scalars(select(OutboxRow)).one()
    assert row.kind == "command_ack"
    assert row.payload["status"] == "done"


async def test_catalog_pages_until_done_and_resync_starts_over(
    service: SyncService, fake: FakeBackoffice
) -> None:
    milk = wire.Product(sku="mjolk", name="Mjölk", price_ore=1500, vat_class="food")
    bread = wire.Product(sku="brod", name="Bröd", price_ore=3500, vat_class="food")
    fake.pages = {
        0: wire.CatalogChanges(
            since_revision=0, revision=3, full=True, products=(milk,), more=True
        ),
        3: wire.CatalogChanges(since_revision=3, revision=5, products=(bread,)),
        5: wire.CatalogChanges(since_revision=5, revision=5),
    }
    assert await service.pull_catalog() == 5
    assert await service.pull_catalog() == 5
    fake.commands = [command(wire.Resync()), command(wire.ReloadSettings())]
    await service.pull_commands()
    assert fake.catalog_asks == [0, 3, 5, 0, 3, 5]
    assert isinstance(service.catalog, MemoryCatalog)
    assert set(service.catalog.products) == {"mjolk", "brod"}
    assert [a["status"] for a in fake.acks] == ["done", "done"]


async def test_the_heartbeat_reports_backlog_uptime_and_revision(
    service: SyncService, fake: FakeBackoffice, sessions: sessionmaker[Session]
) -> None:
    trade(sessions, 3)
    service.started_at = service.clock.monotonic()
    assert isinstance(service.clock, ManualClock)
    service.clock.advance(90)
    beat = await service.heartbeat()
    assert (beat.outbox_backlog, beat.uptime_s, beat.door) == (6, 90, wire.DoorState.UNKNOWN)
    assert fake.beats[0]["software_version"] == "0.1.0"


async def test_an_ack_past_our_entries_is_not_believed(
    service: SyncService, fake: FakeBackoffice, sessions: sessionmaker[Session]
) -> None:
    trade(sessions, 2)
    fake.acked_through = 900
    with pytest.raises(SequenceConflict):
        await service.push_once()
    from store_controller.sync import outbox

    assert outbox.backlog(sessions) == 4


async def test_the_loops_start_back_off_and_stop(
    service: SyncService, fake: FakeBackoffice, sessions: sessionmaker[Session]
) -> None:
    slept: list[float] = []
    release, all_asleep = asyncio.Event(), asyncio.Event()

    async def sleeper(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 4:
            all_asleep.set()
        await release.wait()

    service.sleep = sleeper
    service.timing = SyncTiming(backoff_cap=60)
    fake.acked_through = 900  # every push fails with a conflict: the push loop backs off
    trade(sessions, 1)
    await service.start()
    await all_asleep.wait()
    await service.stop()
    assert sorted(slept) == [2.0, 5.0, 30.0, 60.0]  # push backoff 2 s floor; the others idle
    assert service.client._http.is_closed


async def test_an_ack_past_the_batch_but_within_our_entries_is_believed(
    service: SyncService, fake: FakeBackoffice, sessions: sessionmaker[Session]
) -> None:
    from store_controller.sync import outbox

    trade(sessions, 5)  # 10 entries; a smaller batch than the one whose ack was lost
    service.timing = SyncTiming(batch_max_entries=4)
    fake.acked_through = 8
    assert await service.push_once() == 8
    assert outbox.backlog(sessions) == 2


async def test_a_backoffice_without_a_catalog_leaves_ours_alone(
    service: SyncService, fake: FakeBackoffice
) -> None:
    assert isinstance(service.catalog, MemoryCatalog)
    milk = wire.Product(sku="mjolk", name="Mjölk", price_ore=1500, vat_class="food")
    service.catalog.products = {"mjolk": milk}
    fake.pages = {0: wire.CatalogChanges(since_revision=0, revision=0, full=True)}
    assert await service.pull_catalog() == 0
    assert set(service.catalog.products) == {"mjolk"}
