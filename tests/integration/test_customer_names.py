"""A BankID customer's name and birth date travel from the store's door to the owner's customers
list (never the identity number), are searchable, come with the export, and go with an erasure
and with the visit retention (unless the person is a member). The real backoffice app and the
real controller sync client; SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from backoffice.visits.models import CustomerName
from backoffice.visits.retention import delete_old_visits
from retail import Personnummer
from store_controller.core.clock import ManualClock
from store_controller.customers.models import VisitRecord
from store_controller.door import AccessPolicy, DoorConfig
from store_controller.entry.admission import Admission
from store_controller.entry.records import finish_visit
from store_controller.entry.service import DoorService
from store_controller.sync.client import BackofficeClient
from store_controller.sync.member_standings import AccountStandings
from store_controller.sync.service import SyncService
from tests.integration.test_member_standings_pull import KEY, MEMBER, NUMBER, enroll
from tests.store_controller.entry.test_service import FakeLock
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    ADMIN,
    T0,
    anyio_backend,
    controller_outbox,
    running_backoffice,
)

pytestmark = pytest.mark.anyio

OTHER = "194107089874"  # a made-up number in Skatteverket's test series (serial 98xx)
NILS = Personnummer.parse(OTHER).keyed_hash(KEY)
LIST = "/api/admin/stores/byn-1/members"


def names(rows: list[dict[str, object]]) -> dict[str, tuple[object, object]]:
    return {str(r["identity_hash"]): (r["name"], r["birth_date"]) for r in rows}


async def test_the_owner_sees_names_which_go_with_erasure_and_retention(
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

            async def visit(number: str, name: str) -> None:
                assert admission.admit(number, name).granted
                with local() as session:
                    done = {v.id for v in session.scalars(select(VisitRecord))}
                for visit_id in sorted(done - seen):
                    finish_visit(local, visit_id, closed_at=clock.now())
                seen.update(done)
                assert await service.drain() >= 1

            seen: set[str] = set()
            await visit(NUMBER, "Tolvan Tolvansson")
            clock.advance(60)
            await visit(OTHER, "Nils Nilsson")

            listed = await admin.get(LIST, headers=ADMIN)
            assert listed.status_code == 200, listed.text
            assert names(listed.json()) == {
                MEMBER: ("Tolvan Tolvansson", "1912-12-12"),
                NILS: ("Nils Nilsson", "1941-07-08"),
            }
            found = await admin.get(LIST, params={"q": "tolvan"}, headers=ADMIN)
            assert names(found.json()) == {MEMBER: ("Tolvan Tolvansson", "1912-12-12")}
            page = await admin.get("/stores/byn-1/members", headers=ADMIN)
            assert page.status_code == 200, page.text
            assert "Tolvan Tolvansson" in page.text
            assert "född 1912-12-12 (115 år)" in page.text
            one = await admin.get(f"/stores/byn-1/members/{MEMBER}", headers=ADMIN)
            assert "Tolvan Tolvansson" in one.text
            assert "1912-12-12" in one.text
            searched = await admin.get("/stores/byn-1/members?q=nils", headers=ADMIN)
            assert "Nils Nilsson" in searched.text
            assert "Tolvan" not in searched.text
            for text in (listed.text, page.text, one.text):  # never the identity number
                for secret in (NUMBER, "121212-1212", OTHER):
                    assert secret not in text
            exported = await admin.get(f"{LIST}/{MEMBER}/export", headers=ADMIN)
            assert exported.status_code == 200, exported.text
            person = exported.json()["person"]
            assert [(p["name"], p["birth_date"]) for p in person] == [
                ("Tolvan Tolvansson", "1912-12-12")
            ]

            approved = await admin.put(
                f"{LIST}/{NILS}/approval", json={"credit_limit_ore": 30_000}, headers=ADMIN
            )
            assert approved.status_code == 200, approved.text
            erased = await admin.post(
                f"{LIST}/{MEMBER}/erase", json={"why": "kunden bad om det"}, headers=ADMIN
            )
            assert erased.status_code == 200, erased.text
            assert erased.json()["names"] == 1
            after = await admin.get(LIST, headers=ADMIN)
            assert "Tolvan" not in after.text
            assert names(after.json())[NILS] == ("Nils Nilsson", "1941-07-08")
            gone = await admin.get(f"{LIST}/{MEMBER}/export", headers=ADMIN)
            assert gone.json()["person"] == []

            clock.advance(86_400)  # Tolvan comes back: a new customer, name and all
            await visit(NUMBER, "Tolvan Tolvansson")
            again = await admin.get(LIST, params={"q": "Tolvansson"}, headers=ADMIN)
            assert names(again.json()) == {MEMBER: ("Tolvan Tolvansson", "1912-12-12")}

            clock.advance(91 * 86_400)
            with backoffice.sessions() as session:
                assert delete_old_visits(session, now=clock.now(), days=90) == 3
                session.commit()
                kept = {n.identity_hash: n.name for n in session.scalars(select(CustomerName))}
            assert kept == {NILS: "Nils Nilsson"}  # a member's name stays, a visitor's goes
