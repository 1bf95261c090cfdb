"""A forced-door alarm latches at the store until a person acknowledges it, also where no /sim
page exists: a volunteer acknowledges the store's door_forced alert on the backoffice's alerts
page, the store's command pull carries it down to the door, which refuses while the door still
stands open (the page shows the refusal) and clears the latch once it is shut; the cleared
alarm then resolves the backoffice's case. Real backoffice app and sync client, real door
service on a manual clock."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.alerts.models import AlertCase
from backoffice.audit.models import AuditRecord
from backoffice.commands.models import StoreCommand
from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.stores.service import get_store
from drivers.events import DoorClosed, DoorOpened
from store_controller.core.clock import ManualClock
from store_controller.door import AccessPolicy, DoorConfig, DoorState
from store_controller.entry.commands import DoorCommands, PolicyHolder
from store_controller.entry.service import DoorService
from store_controller.sync.client import BackofficeClient
from store_controller.sync.ports import MemoryCatalog
from store_controller.sync.service import SyncService
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in
from tests.store_controller.entry.test_service import FakeLock
from tests.store_controller.sync.harness import controller_outbox


@pytest.fixture
def store_db(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    with controller_outbox(tmp_path) as sessions:
        yield sessions


def device_token(world: World) -> str:
    with world.backoffice.sessions.begin() as session:
        store = get_store(session=session, slug="a-1")
        code = issue_enrollment_code(session=session, store=store, now=world.clock.now).code
        return redeem_enrollment_code(
            session=session, code=code, software_version="0.1.0", now=world.clock.now
        ).token


def door_case(world: World) -> AlertCase:
    with world.backoffice.sessions() as session:
        case = session.scalar(select(AlertCase).where(AlertCase.kind == "door_forced"))
        assert case is not None, "the store's forced-door alarm reached the backoffice"
        return case


def test_a_volunteer_acknowledges_a_forced_door_from_the_backoffice(
    sqlite_world: World, store_db: sessionmaker[Session]
) -> None:
    world = sqlite_world
    clock = ManualClock(world.clock.now)
    door = DoorService(config=DoorConfig(), lock=FakeLock(), sessions=store_db, clock=clock)
    transport = httpx.ASGITransport(app=world.backoffice.app)
    sync = SyncService(
        client=BackofficeClient("http://backoffice", device_token(world), transport=transport),
        sessions=store_db,
        clock=clock,
        store_id="a-1",
        software_version="0.1.0",
        catalog=MemoryCatalog(),
        commands=DoorCommands(door, PolicyHolder(AccessPolicy())),
    )

    def at_store(work: str) -> int:
        async def run() -> int:
            return await (sync.drain() if work == "push" else sync.pull_commands())

        return asyncio.run(run())

    # A break-in: the door opens while locked and stays open past the grace.
    door.on_door_opened(DoorOpened("door", clock.monotonic()))
    clock.advance(10)
    door.tick()
    assert door.machine.state.name == "FORCED_OPEN"
    with TestClient(world.backoffice.app) as client:
        assert at_store("push") >= 1
        case = door_case(world)
        assert case.status == "open"
        sign_in(client, world.emails["volunteer"])
        token = csrf(client)

        # Acknowledged while the door still stands open: the store refuses, the alarm stays.
        page = client.post(f"/alerts/{case.id}/acknowledge", data={"csrf_token": token})
        assert page.status_code == 200
        assert "Väntar på butiken" in page.text
        assert at_store("pull") == 1
        assert door.forced_latched
        page = client.get(f"/alerts/{case.id}")
        assert "Butiken nekade" in page.text
        assert "dörren står fortfarande öppen" in page.text
        assert "Kvittera i butiken igen" in page.text
        api = client.get(f"/api/alerts/{case.id}").json()
        assert [a["status"] for a in api["store_answers"]] == ["rejected"]
        assert "still stands open" in api["store_answers"][0]["detail"]

        # Shut, acknowledged again: the latch clears and the store says so.
        door.on_door_closed(DoorClosed("door", clock.monotonic()))
        assert door.forced_latched  # closing alone does not clear a break-in
        world.clock.advance(minutes=1)
        again = client.post(f"/alerts/{case.id}/acknowledge", data={"csrf_token": token})
        assert again.status_code == 200
        assert at_store("pull") == 1
        assert door.acknowledge_forced() is False  # nothing left latched at the store
        assert door.machine.state.name == DoorState.LOCKED.name
        page = client.get(f"/alerts/{case.id}")
        assert "Larmet släckt i butiken" in page.text
        assert "Kvittera i butiken igen" not in page.text

        # The store's cleared alarm resolves the backoffice's case by its rule.
        assert at_store("push") >= 1
        assert door_case(world).status == "resolved"
    with world.backoffice.sessions() as session:
        audited = list(
            session.scalars(
                select(AuditRecord).where(AuditRecord.action == "door.acknowledge_forced")
            )
        )
    assert len(audited) == 2
    assert all(r.target == str(case.id) and r.store_id == case.store_id for r in audited)


def test_acknowledging_another_kind_of_alert_sends_the_store_nothing(
    sqlite_world: World,
) -> None:
    """Acknowledging any other alert (here: the store offline) sends no command to the store."""
    world = sqlite_world
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["owner"])
        token = csrf(client)
        with world.backoffice.sessions() as session:
            case = session.scalar(select(AlertCase).where(AlertCase.kind == "store_offline"))
            assert case is not None
        client.post(f"/alerts/{case.id}/acknowledge", data={"csrf_token": token})
        assert client.get(f"/api/alerts/{case.id}").json()["status"] == "acknowledged"
        assert client.get(f"/api/alerts/{case.id}").json()["store_answers"] == []
    with world.backoffice.sessions() as session:
        assert session.scalar(select(func.count()).select_from(StoreCommand)) == 0
