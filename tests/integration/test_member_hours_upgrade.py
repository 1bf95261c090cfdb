"""A controller upgraded after the owner set members' hours gets them at once: the store's older
software pulls the policy without `member_hours` (it names no feature), the owner saves nothing
more, the new software (same local database) names the feature, and its very next pull starts
from revision 0 and brings members' hours: at 06:00 the member is let in. SQLite and PostgreSQL
backoffices."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from retail import wire
from store_controller.core.clock import ManualClock
from store_controller.customers.models import VisitRecord
from store_controller.door import AccessPolicy, DoorConfig
from store_controller.entry.admission import Admission
from store_controller.entry.commands import DoorCommands, PolicyHolder
from store_controller.entry.records import finish_visit
from store_controller.entry.service import DoorService
from store_controller.sync.checkout_catalog import CheckoutCatalog
from store_controller.sync.client import FEATURES, BackofficeClient
from store_controller.sync.member_standings import AccountStandings
from store_controller.sync.service import SyncService
from tests.integration.test_access_policy_pull import NINETEEN, rules
from tests.integration.test_member_hours_pull import DETAILS, MEMBER_FORM, SIX_AM
from tests.integration.test_member_standings_pull import KEY, MEMBERS, NUMBER, enroll
from tests.store_controller.entry.test_service import FakeLock
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    ADMIN,
    anyio_backend,
    controller_outbox,
    running_backoffice,
)

pytestmark = pytest.mark.anyio


async def test_an_upgraded_controller_lets_members_in_at_their_hours_without_a_new_save(
    database_url: str, tmp_path: Path
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as local:
        transport = backoffice.transport()
        clock = ManualClock(SIX_AM - timedelta(hours=3))
        received: list[wire.AccessPolicy] = []
        catalog = CheckoutCatalog(local, clock.now, on_access_policy=received.append)
        door = DoorService(config=DoorConfig(), lock=FakeLock(), sessions=local, clock=clock)
        holder = PolicyHolder(AccessPolicy())
        commands = DoorCommands(door, holder)
        admission = Admission(door=door, sessions=local, clock=clock, policy=holder, hash_key=KEY)

        def controller(token: str, features: tuple[str, ...]) -> SyncService:
            client = BackofficeClient(
                "http://backoffice", token, transport=transport, features=features
            )
            return SyncService(
                client=client,
                sessions=local,
                clock=clock,
                store_id="byn-1",
                software_version="0.1.0",
                catalog=catalog,
                members=AccountStandings(local, clock.now),
            )

        def take_policies() -> bool:
            """Take what the pull brought (the event bus's job); do members have own hours?"""
            while received:
                commands.take_policy(received.pop(0))
            return holder.current.member_hours is not None

        async with httpx.AsyncClient(base_url="http://backoffice", transport=transport) as admin:
            token = await enroll(admin)
            older = controller(token, features=())

            assert admission.admit(NUMBER, "Tolvan Tolvansson").granted
            with local() as session:
                visit_id = session.scalars(select(VisitRecord.id)).one()
            finish_visit(local, visit_id, closed_at=clock.now())
            assert await older.drain() == 1
            approved = await admin.put(
                f"{MEMBERS}/approval", json={"credit_limit_ore": 30_000}, headers=ADMIN
            )
            assert approved.status_code == 200, approved.text
            assert await older.pull_members() == 1

            details = await admin.put(
                "/api/admin/stores/byn-1/details", json=DETAILS, headers=ADMIN
            )
            assert details.status_code == 200, details.text
            form = {**rules(), **MEMBER_FORM}
            saved = await admin.post("/stores/byn-1/settings/policy", data=form, headers=ADMIN)
            assert saved.status_code == 303, saved.text

            # The older software: the policy arrives without members' hours; at 06:00 the
            # member waits for 07:00 like everyone.
            revision = await older.pull_catalog()
            assert not take_policies()
            clock.set_wall_time(SIX_AM)
            assert admission.admit(NUMBER, "Tolvan Tolvansson").reason == "closed_now"
            assert await older.pull_catalog() == revision  # nothing new: nothing re-sent
            assert received == []

            # The upgrade: same local database, new software naming the feature. Nobody saves
            # the policy again; the next pull brings members' hours.
            newer = controller(token, features=FEATURES)
            assert await newer.pull_catalog() == revision
            assert take_policies()
            member = admission.admit(NUMBER, "Tolvan Tolvansson")
            assert member.granted
            guest = admission.admit(NINETEEN, "Nitton Nittonsson")
            assert (guest.granted, guest.reason) == (False, "outside_group_hours")

            # Once caught up it pulls from its revision again (no full catalog each minute).
            assert await newer.pull_catalog() == revision
            assert received == []
            # `erased` is named too, but only catalog features are kept (no re-pull for it).
            assert catalog.features() == frozenset({wire.MEMBER_HOURS})
