"""A customer's data rights: the owner exports everything kept about a person (JSON and a
readable page, audited as an export) and erases the person on request; the accounting records
stay, under an anonymous token, and an export by the old hash then shows nothing personal."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backoffice.audit.models import AuditRecord
from backoffice.members.models import LedgerEntry, MemberInvoice, PaymentIn
from backoffice.sales.models import Sale
from backoffice.visits.models import Visit
from tests.backoffice.members.test_invoices import DETAILS
from tests.backoffice.members.test_member_pages import (
    MEMBER,
    PAGE,
    a_visit,
    actions,
    device,
    on_account,
    push,
)
from tests.backoffice.stock.test_stock_pages import signed_in
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sqlite_world
from tests.retail.bankgiro import bgmax_file as bg
from tests.store_controller.sync.harness import ADMIN

__all__ = ["sqlite_world"]
API = f"/api/admin/stores/a-1/members/{MEMBER}"


def paid_by(ocr: str, ore: int) -> bytes:
    records = [
        bg.start(),
        bg.opening(bankgiro="9912346"),
        bg.payment(reference=ocr, ore=ore, serial="000120000001"),
        bg.name("Greta Persson"),
        bg.deposit(ore=ore, count=1),
        bg.end(1, 0, 0, 1),
    ]
    return bg.encode(records)


def a_members_month(world: World) -> None:
    """A visit, an approval, a purchase on account, the month's invoice paid by the bank, a
    block."""
    token = device(world)
    push(world, token, [a_visit(), on_account(7, 12_950)], start=1)
    admin = TestClient(world.backoffice.app)
    assert admin.put(f"{API}/approval", json={"credit_limit_ore": 50_000}, headers=ADMIN).is_success
    push(world, token, [on_account(8, 1_000)], start=3)
    details = admin.put("/api/admin/stores/a-1/association/invoicing", json=DETAILS, headers=ADMIN)
    assert details.status_code == 200, details.text
    world.clock.advance(days=30)
    made = admin.post(f"{API}/invoices", json={"period": "2026-05"}, headers=ADMIN)
    assert made.is_success, made.text
    bill = made.json()
    paid = admin.post(
        "/api/admin/stores/a-1/payments-in/bgmax",
        content=paid_by(bill["ocr"], bill["amount_ore"]),
        headers=ADMIN,
    )
    assert paid.is_success, paid.text
    blocked = admin.put(f"{API}/block", json={"why": "obetalt"}, headers=ADMIN)
    assert blocked.is_success, blocked.text


def test_export_then_erase_leaves_nothing_personal(sqlite_world: World) -> None:
    world = sqlite_world
    a_members_month(world)
    owner = signed_in(world, "owner")

    page = owner.get(PAGE)
    assert "Visa kundens uppgifter" in page.text
    readable = owner.get(f"{PAGE}/data")
    assert readable.status_code == 200
    for shown in ("obetalt", "Besök", "129,50", "500,00"):
        assert shown in readable.text
    download = owner.get(f"{API}/export")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    data = download.json()
    assert len(data["visits"]) == 1
    assert data["visits"][0]["age"] == 71
    assert [p["receipt"] for p in data["purchases"]] == [7, 8]
    assert data["purchases"][0]["lines"]
    assert [e["kind"] for e in data["ledger"]].count("purchase") == 2
    assert data["invoices"][0]["amount_ore"] > 0
    assert data["account"]["credit_limit_ore"] == 50_000
    assert data["block"]["why"] == "obetalt"
    assert actions(world).count("export") == 2  # the page and the download

    for role in ("bookkeeper", "volunteer"):
        assert signed_in(world, role).get(f"{PAGE}/data").status_code == 403
    form = {"csrf_token": csrf(owner)}
    unconfirmed = owner.post(f"{PAGE}/erase", data={**form, "why": "kunden bad om det"})
    assert unconfirmed.status_code == 400
    assert "bekräfta raderingen" in unconfirmed.text
    with world.backoffice.sessions() as session:
        entries_before = session.scalar(select(func.count()).select_from(LedgerEntry))
    erased = owner.post(
        f"{PAGE}/erase", data={**form, "why": "kunden bad om det", "confirm": "yes"}
    )
    assert erased.status_code == 200
    assert "Kundens personliga koppling är borttagen." in erased.text
    assert MEMBER[:10] not in erased.text

    after = owner.get(f"{API}/export").json()
    assert {k: v for k, v in after.items() if k != "identity_hash"} == {
        "person": [],
        "visits": [],
        "purchases": [],
        "account": None,
        "ledger": [],
        "invoices": [],
        "block": None,
        "contact": None,
        "notes": [],
    }
    assert owner.get(PAGE).status_code == 404  # no longer a customer of the store
    with world.backoffice.sessions() as session:
        # the accounting records are kept, linked to the token, not the person
        entries = list(session.scalars(select(LedgerEntry)))
        assert len(entries) == entries_before
        tokens = {e.identity_hash for e in entries}
        assert len(tokens) == 1
        assert MEMBER not in tokens
        assert session.scalar(select(MemberInvoice.identity_hash)) in tokens
        assert session.scalar(select(func.count()).where(Sale.customer_hash == MEMBER)) == 0
        assert session.scalar(select(func.count()).where(Visit.identity_hash == MEMBER)) == 0
        assert session.scalar(select(func.count()).select_from(Sale)) == 2
        assert [p.payer for p in session.scalars(select(PaymentIn))] == [""]
        erase_record = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "member.erase")
        ).one()
    recorded = json.loads(erase_record.after or "{}")
    assert MEMBER not in json.dumps(recorded) + erase_record.target
    assert recorded["why"] == "kunden bad om det"
    assert recorded["ledger"] == entries_before


def test_erasing_an_unknown_customer_is_not_found(sqlite_world: World) -> None:
    owner = signed_in(sqlite_world, "owner")
    answer = owner.post(f"{API}/erase", json={"why": "x"}, headers={"X-CSRF-Token": csrf(owner)})
    assert answer.status_code == 404
