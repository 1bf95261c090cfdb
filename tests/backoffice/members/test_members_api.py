"""The owner sees who came in, approves a member with a limit; the member's account purchases
at the store reach the ledger once each; payments, credits and adjustments change the balance."""

from __future__ import annotations

import uuid
from typing import Any

from retail import wire
from tests.backoffice.conftest import bearer
from tests.backoffice.products.conftest import Owner
from tests.store_controller.sync.harness import ADMIN, T0, sale

MEMBER = "b" * 64
MEMBERS = "/api/admin/stores/byn-a/members"


def push(owner: Owner, payloads: list[wire.OutboxPayload], start: int) -> None:
    body = wire.PushBatch(
        protocol=1,
        store_id="byn-a",
        entries=tuple(
            wire.OutboxEntry(seq=start + i, created_at=T0, payload=p)
            for i, p in enumerate(payloads)
        ),
    )
    answer = owner.client.post(
        "/api/sync/v1/push",
        content=body.model_dump_json(),
        headers={**bearer(owner.tokens["byn-a"]), "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text


def on_account(receipt: int, amount: int) -> wire.Sale:
    made = sale(receipt, amount=amount)
    paid = made.payments[0].model_copy(update={"method": wire.PaymentMethod.MEMBER_ACCOUNT})
    return wire.Sale.model_validate(
        made.model_dump() | {"payments": (paid.model_dump(),), "customer_hash": MEMBER}
    )


def visit() -> wire.Visit:
    return wire.Visit(
        visit_id=uuid.uuid4(),
        occurred_at=T0,
        outcome=wire.VisitOutcome.GRANTED,
        identity_hash=MEMBER,
        age=71,
    )


def ledger(owner: Owner) -> Any:
    answer = owner.client.get(f"{MEMBERS}/{MEMBER}/ledger", headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return answer.json()


def entry(owner: Owner, body: dict[str, Any], status: int = 201) -> Any:
    answer = owner.client.post(f"{MEMBERS}/{MEMBER}/entries", json=body, headers=ADMIN)
    assert answer.status_code == status, answer.text
    return answer.json()


def test_the_month_of_a_member_on_the_ledger(owner: Owner) -> None:
    owner.store("byn-a")
    push(owner, [visit()], start=1)
    customers = owner.client.get(MEMBERS, headers=ADMIN).json()
    assert [(c["identity_hash"], c["visits"], c["approved"]) for c in customers] == [
        (MEMBER, 1, False)
    ]

    approved = owner.client.put(
        f"{MEMBERS}/{MEMBER}/approval", json={"credit_limit_ore": 50_000}, headers=ADMIN
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["balance_ore"] == 0

    bought = on_account(7, 12_950)
    swished = sale(8, amount=2_000)
    push(owner, [bought, swished], start=2)
    push(owner, [bought, swished], start=2)  # the store resends after a lost answer
    book = ledger(owner)
    assert book["balance_ore"] == -12_950
    assert [(e["kind"], e["amount_ore"]) for e in book["entries"]] == [("purchase", -12_950)]
    assert "receipt 7" in book["entries"][0]["why"]

    assert entry(owner, {"kind": "payment", "amount_ore": 10_000})["balance_ore"] == -2_950
    refused = entry(owner, {"kind": "adjustment", "amount_ore": -500}, status=422)
    assert refused["detail"] == "an adjustment says why"
    assert ledger(owner)["balance_ore"] == -2_950
    adjusted = {"kind": "adjustment", "amount_ore": 950, "why": "trasig kartong", "reference": "k1"}
    assert entry(owner, adjusted)["balance_ore"] == -2_000
    assert entry(owner, adjusted)["balance_ore"] == -2_000  # the same key books nothing twice
    wrong_sign = entry(owner, {"kind": "credit", "amount_ore": -100}, status=422)
    assert "positive" in wrong_sign["detail"]

    customers = owner.client.get(MEMBERS, headers=ADMIN).json()
    assert [(c["approved"], c["credit_limit_ore"], c["balance_ore"]) for c in customers] == [
        (True, 50_000, -2_000)
    ]


def test_a_purchase_the_store_made_is_booked_past_the_limit(owner: Owner) -> None:
    """The kiosk enforced the limit it knew; the ledger records the fact and shows the debt."""
    owner.store("byn-a")
    push(owner, [visit()], start=1)
    limit = {"credit_limit_ore": 100}
    approved = owner.client.put(f"{MEMBERS}/{MEMBER}/approval", json=limit, headers=ADMIN)
    assert approved.status_code == 200, approved.text
    push(owner, [on_account(1, 5_000)], start=2)
    assert ledger(owner)["balance_ore"] == -5_000


def test_a_member_the_store_approved_alone_gets_an_account(owner: Owner) -> None:
    owner.store("byn-a")
    push(owner, [on_account(1, 3_000)], start=1)
    book = ledger(owner)
    assert (book["balance_ore"], book["credit_limit_ore"]) == (-3_000, 0)


def test_bad_member_hash_and_missing_token_are_refused(owner: Owner) -> None:
    owner.store("byn-a")
    assert owner.client.get(f"{MEMBERS}/NOT-A-HASH/ledger", headers=ADMIN).status_code == 422
    assert owner.client.get(MEMBERS).status_code == 401
    unknown = owner.client.get(f"{MEMBERS}/{MEMBER}/ledger", headers=ADMIN)
    assert unknown.json()["detail"] == "no such customer at this store"
    stranger = {"credit_limit_ore": 100}
    approval = owner.client.put(f"{MEMBERS}/{MEMBER}/approval", json=stranger, headers=ADMIN)
    assert approval.status_code == 404
