"""An erasure at the backoffice reaches the store: the real backoffice app and the real
controller sync client; the store's customers table then holds no name or birth date for the
person, and the backoffice forgets the erased hash once every store has pulled it.
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import select

from backoffice.members.erasures import PendingErasure, forget_erasures, note_erasure
from backoffice.stores.models import Store
from retail import wire
from retail.wire.common import WireModel
from store_controller.core.clock import ManualClock
from store_controller.customers.models import Customer, VisitRecord
from store_controller.customers.status import CustomerStatus
from store_controller.door import AccessPolicy, DoorConfig
from store_controller.entry.admission import Admission
from store_controller.entry.records import finish_visit
from store_controller.entry.service import DoorService
from store_controller.payments.member.models import MemberAccountRow, MemberStandingRow
from store_controller.sync.client import FEATURES, BackofficeClient
from store_controller.sync.member_standings import AccountStandings
from store_controller.sync.service import SyncService
from tests.integration.test_member_standings_pull import KEY, MEMBER, MEMBERS, NUMBER, enroll
from tests.store_controller.entry.test_service import FakeLock
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    ADMIN,
    T0,
    anyio_backend,
    controller_outbox,
    running_backoffice,
)

pytestmark = pytest.mark.anyio


class StandingsBeforeErasures(WireModel):
    """`MemberStandings` as a controller from before round 8 reads it: no `erased` field, and
    (like every wire model) an unknown field refuses the whole answer."""

    kind: str
    members: tuple[wire.MemberStanding, ...] = ()


async def test_erase_reaches_the_store_and_is_forgotten_once_pulled(
    database_url: str, tmp_path: Path
) -> None:
    clock = ManualClock(T0 + timedelta(days=400))
    with (
        running_backoffice(database_url, clock=clock.now) as backoffice,
        controller_outbox(tmp_path) as local,
    ):
        transport = backoffice.transport()
        async with httpx.AsyncClient(base_url="http://backoffice", transport=transport) as admin:
            token = await enroll(admin)
            service = SyncService(
                client=BackofficeClient("http://backoffice", token, transport=transport),
                sessions=local,
                clock=clock,
                store_id="byn-1",
                software_version="0.1.0",
                members=AccountStandings(local, clock.now),
            )
            door = DoorService(config=DoorConfig(), lock=FakeLock(), sessions=local, clock=clock)
            admission = Admission(
                door=door, sessions=local, clock=clock, policy=AccessPolicy, hash_key=KEY
            )
            assert admission.admit(NUMBER, "Tolvan Tolvansson").granted
            with local() as session:
                visit_id = session.scalars(select(VisitRecord.id)).one()
            finish_visit(local, visit_id, closed_at=clock.now())
            assert await service.drain() == 1
            approved = await admin.put(
                f"{MEMBERS}/approval", json={"credit_limit_ore": 30_000}, headers=ADMIN
            )
            assert approved.status_code == 200, approved.text
            await service.pull_members()
            with local() as session:
                held = session.scalars(select(Customer)).one()
                assert (held.name, held.identity_hash) == ("Tolvan Tolvansson", MEMBER)
                assert session.get(MemberAccountRow, MEMBER) is not None

            clock.advance(300)
            erased = await admin.post(
                f"{MEMBERS}/erase", json={"why": "kunden bad om det"}, headers=ADMIN
            )
            assert erased.status_code == 200, erased.text
            clock.advance(300)
            with backoffice.sessions() as session:
                assert forget_erasures(session, now=clock.now()) == 0  # the store has not pulled
                session.commit()

            await service.pull_members()
            with local() as session:
                assert session.scalars(select(Customer)).all() == []
                assert session.get(MemberAccountRow, MEMBER) is None
                visit = session.get(VisitRecord, visit_id)
                assert visit is not None  # the visit stays, without the person
                assert (visit.customer_id, visit.age) == (None, None)
            await service.pull_members()  # applying again changes nothing
            with local() as session:
                assert session.scalars(select(Customer)).all() == []

            with backoffice.sessions() as session:
                assert forget_erasures(session, now=clock.now()) == 1  # every store pulled
                session.commit()
                assert session.scalars(select(PendingErasure)).all() == []
            await service.pull_members()  # after the cleanup: nothing comes back
            with local() as session:
                assert session.scalars(select(Customer)).all() == []

            # Coming back later is a new customer: nothing of the old one returns.
            assert admission.admit(NUMBER, "Tolvan Tolvansson").granted
            with local() as session:
                assert session.scalars(select(Customer)).one().name == "Tolvan Tolvansson"
                assert session.get(MemberAccountRow, MEMBER) is None


async def test_an_erasure_no_store_pulls_is_forgotten_after_30_days(
    database_url: str, tmp_path: Path
) -> None:
    clock = ManualClock(T0 + timedelta(days=400))
    with running_backoffice(database_url, clock=clock.now) as backoffice:
        transport = backoffice.transport()
        async with httpx.AsyncClient(base_url="http://backoffice", transport=transport) as admin:
            await enroll(admin)
            with backoffice.sessions() as session:
                store = session.scalars(select(Store)).one()
                assert store.association_id is not None
                note_erasure(session, store.association_id, MEMBER, clock.now())
                session.commit()
                assert forget_erasures(session, now=clock.now() + timedelta(days=29)) == 0
                assert forget_erasures(session, now=clock.now() + timedelta(days=31)) == 1
                session.commit()


async def test_an_old_store_keeps_pulling_while_an_erasure_is_pending_and_gets_it_once_upgraded(
    database_url: str, tmp_path: Path
) -> None:
    clock = ManualClock(T0 + timedelta(days=400))
    with (
        running_backoffice(database_url, clock=clock.now) as backoffice,
        controller_outbox(tmp_path) as local,
    ):
        transport = backoffice.transport()
        async with httpx.AsyncClient(base_url="http://backoffice", transport=transport) as admin:
            token = await enroll(admin)

            def controller(features: tuple[str, ...]) -> SyncService:
                client = BackofficeClient(
                    "http://backoffice", token, transport=transport, features=features
                )
                return SyncService(
                    client=client,
                    sessions=local,
                    clock=clock,
                    store_id="byn-1",
                    software_version="0.1.0",
                    members=AccountStandings(local, clock.now),
                )

            older = controller(())
            door = DoorService(config=DoorConfig(), lock=FakeLock(), sessions=local, clock=clock)
            admission = Admission(
                door=door, sessions=local, clock=clock, policy=AccessPolicy, hash_key=KEY
            )
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
            clock.advance(300)
            erased = await admin.post(
                f"{MEMBERS}/erase", json={"why": "kunden bad om det"}, headers=ADMIN
            )
            assert erased.status_code == 200, erased.text
            clock.advance(300)

            # The old store's pull: no `erased` in the answer, so its software reads it.
            bearer = {"Authorization": f"Bearer {token}"}
            old_answer = await admin.get("/api/sync/v1/members", headers=bearer)
            assert old_answer.status_code == 200, old_answer.text
            assert StandingsBeforeErasures.model_validate_json(old_answer.content).members == ()

            assert await older.pull_members() == 0  # pulls fine, the standing is gone
            with local() as session:
                held = session.scalars(select(Customer)).one()  # the name stays there for now
                assert (held.name, held.status) == ("Tolvan Tolvansson", CustomerStatus.ACTIVE)
                assert session.get(MemberStandingRow, MEMBER) is None
                account = session.get(MemberAccountRow, MEMBER)
                assert account is not None
                assert account.credit_limit_ore == 0
            clock.advance(24 * 3600)
            with backoffice.sessions() as session:
                # The old store's pulls did not carry the erasure: it stays pending.
                assert forget_erasures(session, now=clock.now()) == 0
                session.commit()
                assert session.scalars(select(PendingErasure.identity_hash)).all() == [MEMBER]

            # A pull naming the feature gets it, which the old software could not read.
            new_answer = await admin.get(
                "/api/sync/v1/members", params={"features": wire.ERASED}, headers=bearer
            )
            assert new_answer.json()["erased"] == [MEMBER]
            # What the old store would have got before this: it refused the whole answer.
            with pytest.raises(ValidationError, match="erased"):
                StandingsBeforeErasures.model_validate_json(new_answer.content)

            # The controller is upgraded (same local database): its next pull applies it.
            newer = controller(FEATURES)
            assert await newer.pull_members() == 0
            with local() as session:
                assert session.scalars(select(Customer)).all() == []
                assert session.get(MemberAccountRow, MEMBER) is None
                visit = session.get(VisitRecord, visit_id)
                assert visit is not None
                assert (visit.customer_id, visit.age) == (None, None)
            with backoffice.sessions() as session:
                assert forget_erasures(session, now=clock.now()) == 1
                session.commit()
