"""Members' own hours reach the door: the owner sets everyone's hours 07-22 (details API) and
members' 05-23 (the settings page's policy form) in the real backoffice; the real controller
pulls them (naming the feature) and at 06:00 its admission lets the approved member in and
tells a non-member, in Swedish, that it is members' time. A controller that does not name the
feature gets the old shape and its door keeps everyone's hours for members. SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from retail import wire
from store_controller.core.clock import ManualClock
from store_controller.customers.models import VisitRecord
from store_controller.door import AccessPolicy, AccessReason, DoorConfig, decide
from store_controller.door.policy import AccessRequest
from store_controller.entry.admission import Admission
from store_controller.entry.commands import DoorCommands, PolicyHolder
from store_controller.entry.records import finish_visit
from store_controller.entry.service import DoorService
from store_controller.sync.checkout_catalog import CheckoutCatalog
from store_controller.sync.client import BackofficeClient
from store_controller.sync.member_standings import AccountStandings
from store_controller.sync.service import SyncService
from tests.integration.test_access_policy_pull import NINETEEN, rules
from tests.integration.test_member_standings_pull import KEY, MEMBERS, NUMBER, enroll
from tests.store_controller.entry.test_service import FakeLock
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    ADMIN,
    anyio_backend,
    controller_outbox,
    running_backoffice,
)

pytestmark = pytest.mark.anyio
SIX_AM = datetime(2027, 12, 6, 5, 0, tzinfo=UTC)  # Monday 06:00 in Stockholm (CET)
EVERYONE = {day: ["07:00-22:00"] for day in wire.policy.WEEKDAYS}
DETAILS = {
    "name": "Byn",
    "legal_name": "Byns ekonomiska förening",
    "org_number": "556016-0649",
    "address": "Byvägen 1, 123 45 Byn",
    "hours": EVERYONE,
}
MEMBER_FORM = {f"member_{day}": "05:00-23:00" for day in wire.policy.WEEKDAYS}


async def test_a_member_enters_at_six_a_non_member_is_told_it_is_members_time(
    database_url: str, tmp_path: Path
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as local:
        transport = backoffice.transport()
        clock = ManualClock(SIX_AM - timedelta(hours=3))  # 03:00: around the clock before
        async with httpx.AsyncClient(base_url="http://backoffice", transport=transport) as admin:
            token = await enroll(admin)
            received: list[wire.AccessPolicy] = []
            service = SyncService(
                client=BackofficeClient("http://backoffice", token, transport=transport),
                sessions=local,
                clock=clock,
                store_id="byn-1",
                software_version="0.1.0",
                catalog=CheckoutCatalog(local, clock.now, on_access_policy=received.append),
                members=AccountStandings(local, clock.now),
            )
            door = DoorService(config=DoorConfig(), lock=FakeLock(), sessions=local, clock=clock)
            holder = PolicyHolder(AccessPolicy())
            commands = DoorCommands(door, holder)
            admission = Admission(
                door=door, sessions=local, clock=clock, policy=holder, hash_key=KEY
            )

            # The member-to-be visits once (the backoffice learns of them) and is approved.
            assert admission.admit(NUMBER, "Tolvan Tolvansson").granted
            with local() as session:
                visit_id = session.scalars(select(VisitRecord.id)).one()
            finish_visit(local, visit_id, closed_at=clock.now())
            assert await service.drain() == 1
            approved = await admin.put(
                f"{MEMBERS}/approval", json={"credit_limit_ore": 30_000}, headers=ADMIN
            )
            assert approved.status_code == 200, approved.text
            assert await service.pull_members() == 1

            details = await admin.put(
                "/api/admin/stores/byn-1/details", json=DETAILS, headers=ADMIN
            )
            assert details.status_code == 200, details.text
            form = {**rules(), **MEMBER_FORM}
            saved = await admin.post("/stores/byn-1/settings/policy", data=form, headers=ADMIN)
            assert saved.status_code == 303, saved.text
            await service.pull_catalog()
            while received:  # what the controller's event bus does on its loop
                assert commands.take_policy(received.pop(0))
            assert holder.current.member_hours is not None

            clock.set_wall_time(SIX_AM)
            member = admission.admit(NUMBER, "Tolvan Tolvansson")
            assert member.granted
            guest = admission.admit(NINETEEN, "Nitton Nittonsson")
            assert (guest.granted, guest.reason) == (False, "outside_group_hours")
            assert guest.text.sv == (
                "Just nu är butiken öppen bara för föreningens medlemmar. Vi öppnar 07:00."
            )
            assert guest.text.en.startswith("Right now the store is open to members")

            clock.set_wall_time(SIX_AM + timedelta(hours=1))  # 07:00: everyone
            assert admission.admit(NINETEEN, "Nitton Nittonsson").granted

            # An older controller names no feature: the policy comes in the old shape, which
            # its strict door reads, and members have everyone's hours there.
            old = await admin.get(
                "/api/sync/v1/catalog",
                params={"since": 0},
                headers={"Authorization": f"Bearer {token}"},
            )
            policy = wire.CatalogChanges.model_validate(old.json()).access_policy
            assert policy is not None
            assert wire.MEMBER_HOURS not in policy.rules
            older_door = AccessPolicy.model_validate(policy.rules)
            a_member = AccessRequest("hash", datetime(1970, 1, 1).date(), is_member=True)
            assert decide(older_door, a_member, SIX_AM).reason is AccessReason.CLOSED_NOW
