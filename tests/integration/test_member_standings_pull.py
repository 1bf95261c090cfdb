"""An owner's approval, credit limit and block reach the store: the real backoffice app and
the real controller sync client; the kiosk's account charge and the door's admission follow.
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from retail import Personnummer
from store_controller.core.clock import ManualClock
from store_controller.customers.models import VisitRecord
from store_controller.door import AccessPolicy, DoorConfig
from store_controller.entry.admission import Admission
from store_controller.entry.records import finish_visit
from store_controller.entry.service import DoorService
from store_controller.payments.member.accounts import Charge, Refusal, charge
from store_controller.payments.member.texts import REFUSED
from store_controller.sync.client import BackofficeClient
from store_controller.sync.member_standings import AccountStandings
from store_controller.sync.service import SyncService
from tests.store_controller.entry.test_service import FakeLock
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    ADMIN,
    T0,
    anyio_backend,
    controller_outbox,
    running_backoffice,
)

pytestmark = pytest.mark.anyio
KEY = b"test-identity-hash-key-0123456789"
NUMBER = "191212121212"  # Skatteverket's test number
MEMBER = Personnummer.parse(NUMBER).keyed_hash(KEY)
MEMBERS = f"/api/admin/stores/byn-1/members/{MEMBER}"


async def enroll(admin: httpx.AsyncClient) -> str:
    made = await admin.post(
        "/api/admin/stores", json={"slug": "byn-1", "name": "Byn"}, headers=ADMIN
    )
    assert made.status_code in (200, 201), made.text
    code = await admin.post("/api/admin/stores/byn-1/enrollment-codes", headers=ADMIN)
    enrolled = await admin.post(
        "/api/sync/v1/enroll",
        json={"protocol": 1, "code": code.json()["code"], "software_version": "0.1.0"},
    )
    assert enrolled.status_code in (200, 201), enrolled.text
    token: str = enrolled.json()["token"]
    return token


def buy(
    local: sessionmaker[Session], sale: str, amount: int, clock: ManualClock
) -> Charge | Refusal:
    with local.begin() as session:
        return charge(
            session,
            identity_hash=MEMBER,
            sale_id=sale,
            amount_ore=amount,
            bankid_order_ref="order-" + sale[-4:],
            at=clock.now(),
        )


async def test_approve_buy_to_the_limit_block_and_unblock(
    database_url: str, tmp_path: Path
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as local:
        transport = backoffice.transport()
        clock = ManualClock(T0 + timedelta(days=400))
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
            first = admission.admit(NUMBER, "Tolvan Tolvansson")
            assert first.granted
            with local() as session:
                visit_id = session.scalars(select(VisitRecord.id)).one()
            finish_visit(local, visit_id, closed_at=clock.now())
            assert await service.drain() == 1  # the visit: now the backoffice knows the person
            assert (
                buy(local, "00000000-0000-4000-8000-000000000001", 100, clock)
                is Refusal.NOT_A_MEMBER
            )

            approved = await admin.put(
                f"{MEMBERS}/approval", json={"credit_limit_ore": 30_000}, headers=ADMIN
            )
            assert approved.status_code == 200, approved.text
            assert await service.pull_members() == 1
            assert await service.pull_members() == 1  # applying again changes nothing

            bought = buy(local, "00000000-0000-4000-8000-000000000002", 25_000, clock)
            assert isinstance(bought, Charge)
            assert (bought.balance_ore, bought.credit_limit_ore) == (25_000, 30_000)
            # A pull before the sale reaches the backoffice keeps what the store charged.
            await service.pull_members()
            past = buy(local, "00000000-0000-4000-8000-000000000003", 5_001, clock)
            assert past is Refusal.OVER_LIMIT
            assert "Swish" in REFUSED[past].sv
            last = buy(local, "00000000-0000-4000-8000-000000000003", 5_000, clock)
            assert isinstance(last, Charge)
            assert last.balance_ore == 30_000

            # A payment booked at the backoffice (its sign: positive, what is owed is negative)
            # lowers what the store counts as owed (positive there): room for 10 000 öre more.
            paid = await admin.post(
                f"{MEMBERS}/entries",
                json={"kind": "payment", "amount_ore": 10_000, "why": "Bankgiro"},
                headers=ADMIN,
            )
            assert paid.status_code in (200, 201), paid.text
            await service.pull_members()
            more = buy(local, "00000000-0000-4000-8000-000000000005", 10_000, clock)
            assert isinstance(more, Charge)
            assert more.balance_ore == 30_000
            full = buy(local, "00000000-0000-4000-8000-000000000006", 1, clock)
            assert full is Refusal.OVER_LIMIT

            blocked = await admin.put(
                f"{MEMBERS}/block", json={"why": "obetalda fakturor"}, headers=ADMIN
            )
            assert blocked.status_code == 200, blocked.text
            await service.pull_members()
            refused = admission.admit(NUMBER, "Tolvan Tolvansson")
            assert (refused.granted, refused.reason) == (False, "blocked")
            assert NUMBER not in refused.text.sv + refused.text.en
            assert NUMBER[2:] not in refused.text.sv + refused.text.en
            assert buy(local, "00000000-0000-4000-8000-000000000004", 1, clock) is Refusal.BLOCKED

            lifted = await admin.delete(f"{MEMBERS}/block", params={"why": "betalt"}, headers=ADMIN)
            assert lifted.status_code == 200, lifted.text
            await service.pull_members()
            assert admission.admit(NUMBER, "Tolvan Tolvansson").granted
