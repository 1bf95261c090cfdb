"""The owner's access policy reaches the door: the real backoffice app (the settings page's policy
form), the real controller sync client and catalog pull, and the door's admission. Lock-down set
by the owner refuses everyone after the pull and lifting it admits again; a minimum age refuses a
customer too young for it. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from retail import wire
from store_controller.core.clock import ManualClock
from store_controller.door import AccessPolicy, AccessReason, DoorConfig
from store_controller.entry.admission import Admission
from store_controller.entry.commands import DoorCommands, PolicyHolder
from store_controller.entry.service import DoorService
from store_controller.sync.checkout_catalog import CheckoutCatalog
from store_controller.sync.client import BackofficeClient
from store_controller.sync.service import SyncService
from tests.integration.test_member_standings_pull import KEY, NUMBER, enroll
from tests.store_controller.entry.test_service import FakeLock
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    ADMIN,
    T0,
    anyio_backend,
    controller_outbox,
    running_backoffice,
)

pytestmark = pytest.mark.anyio
NINETEEN = "200806152385"  # born 2008-06-15: 19 years old on the test's day
POLICY = "/stores/byn-1/settings/policy"


def rules(**changed: str) -> dict[str, str]:
    return {"minimum_age": "18", "max_people_inside": "", **changed}


async def test_lockdown_and_minimum_age_set_by_the_owner_reach_the_door(
    database_url: str, tmp_path: Path
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as local:
        transport = backoffice.transport()
        clock = ManualClock(T0 + timedelta(days=400))  # 2027-12-03, a Friday
        async with httpx.AsyncClient(base_url="http://backoffice", transport=transport) as admin:
            token = await enroll(admin)
            received: list[wire.AccessPolicy] = []
            catalog = CheckoutCatalog(local, clock.now, on_access_policy=received.append)
            service = SyncService(
                client=BackofficeClient("http://backoffice", token, transport=transport),
                sessions=local,
                clock=clock,
                store_id="byn-1",
                software_version="0.1.0",
                catalog=catalog,
            )
            door = DoorService(config=DoorConfig(), lock=FakeLock(), sessions=local, clock=clock)
            holder = PolicyHolder(AccessPolicy())
            commands = DoorCommands(door, holder)
            admission = Admission(
                door=door, sessions=local, clock=clock, policy=holder, hash_key=KEY
            )

            async def pull() -> None:
                await service.pull_catalog()
                while received:  # what the controller's event bus does on its loop
                    assert commands.take_policy(received.pop(0))

            assert admission.admit(NINETEEN, "Nitton Nittonsson").granted

            saved = await admin.post(POLICY, data=rules(lockdown="on"), headers=ADMIN)
            assert saved.status_code == 303, saved.text
            refused = admission.admit(NUMBER, "Tolvan Tolvansson")
            assert refused.granted  # not yet pulled: the store keeps its rules
            await pull()
            refused = admission.admit(NUMBER, "Tolvan Tolvansson")
            assert (refused.granted, refused.reason) == (False, AccessReason.LOCKDOWN.value)
            assert commands.lock_down() is True  # the heartbeat tells the backoffice

            lifted = await admin.post(POLICY, data=rules(minimum_age="20"), headers=ADMIN)
            assert lifted.status_code == 303, lifted.text
            await pull()
            assert commands.lock_down() is False
            young = admission.admit(NINETEEN, "Nitton Nittonsson")
            assert (young.granted, young.reason) == (False, AccessReason.UNDER_AGE.value)
            assert NINETEEN[2:] not in young.text.sv + young.text.en
            assert admission.admit(NUMBER, "Tolvan Tolvansson").granted

            bad = await admin.post(POLICY, data=rules(minimum_age="tjugo"), headers=ADMIN)
            assert bad.status_code == 400
            assert "minimum_age" in bad.text
            await pull()
            assert received == []
            assert holder.current.minimum_age == 20  # the refused form changed nothing
