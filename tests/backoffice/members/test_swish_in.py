"""A member pays the month's invoice by Swish: the payment request's callback reaches the
backoffice, which asks Swish (the simulator, over mTLS) and matches the payment by the OCR in
its message exactly as a Bankgiro payment: paid in full, partly, too much, or an unknown
reference listed for the owner with source "Swish". A callback delivered twice books once; a
declined payment books nothing."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from backoffice.payments.config import SwishStatusSettings
from byabutik.runtime.clock import FakeClock
from retail import Money
from swish_merchant.client import SwishClient
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.backoffice.members.test_invoices import DETAILS, STORE, month_on_account
from tests.backoffice.members.test_members_api import MEMBER, MEMBERS
from tests.backoffice.products.conftest import Clock, Owner
from tests.conftest import free_port
from tests.store_controller.sync.harness import ADMIN, running_backoffice

IDENTIFIER = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[EmbeddedSwishSimulator]:
    running = EmbeddedSwishSimulator.start(
        cert_dir=tmp_path / "swish",
        port=free_port(),
        clock=FakeClock(),
        callback_delays=(0.01,) * 9,
        tick_interval=0.02,
    )
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def payer(database_url: str, sim: EmbeddedSwishSimulator) -> Iterator[Owner]:
    swish = SwishStatusSettings.model_validate(
        {
            "base_url": sim.base_url,
            "certificate": sim.files.merchant_cert,
            "key": sim.files.merchant_key,
            "ca_file": sim.files.ca,
            "callback_identifier": SecretStr(IDENTIFIER),
        }
    )
    clock = Clock()
    with (
        running_backoffice(database_url, clock=clock, swish=swish) as backoffice,
        TestClient(backoffice.app) as client,
    ):
        yield Owner(client, clock, {})


def _swish_request(sim: EmbeddedSwishSimulator, *, ore: int, message: str) -> str:
    """A payment request to the association's number, paid (or not) in the simulator."""

    async def create() -> str:
        async with SwishClient.from_config(sim.config(callback_url="https://127.0.0.1:9/cb")) as c:
            created = await c.create_payment_request(
                reference=str(uuid.uuid4()), amount=Money(ore), message=message
            )
        return created.id

    return asyncio.run(create())


def _callback(owner: Owner, request_id: str) -> None:
    answer = owner.client.post(
        "/api/swish/callback",
        json={"id": request_id, "status": "PAID"},
        headers={"callbackIdentifier": IDENTIFIER},
    )
    assert answer.status_code == 200, answer.text


def _invoice(owner: Owner, sim: EmbeddedSwishSimulator) -> Any:
    month_on_account(owner)
    details = DETAILS | {"swish_number": sim.config().payee_alias}
    assert owner.client.put(f"{STORE}/association/invoicing", json=details, headers=ADMIN)
    owner.clock.advance(days=5)
    made = owner.client.post(
        f"{MEMBERS}/{MEMBER}/invoices", json={"period": "2026-11"}, headers=ADMIN
    )
    assert made.status_code == 201, made.text
    return made.json()


def _outstanding(owner: Owner, number: int) -> int:
    found = owner.client.get(f"{STORE}/invoices/{number}", headers=ADMIN).json()
    return int(found["outstanding_ore"])


def _balance(owner: Owner) -> int:
    book = owner.client.get(f"{MEMBERS}/{MEMBER}/ledger", headers=ADMIN).json()
    return int(book["balance_ore"])


def test_swish_pays_an_invoice_partly_then_too_much_and_a_retry_books_once(
    payer: Owner, sim: EmbeddedSwishSimulator
) -> None:
    made = _invoice(payer, sim)
    assert made["amount_ore"] == 17_000
    store = sim.simulator.store

    part = _swish_request(sim, ore=10_000, message=made["ocr"])
    store.pay(part)
    _callback(payer, part)
    _callback(payer, part)  # Swish delivers again: booked once
    assert _outstanding(payer, made["number"]) == 7_000
    assert _balance(payer) == -17_000 + 10_000

    declined = _swish_request(sim, ore=7_000, message=made["ocr"])
    store.decline(declined)
    _callback(payer, declined)  # the body says PAID; Swish says DECLINED: nothing booked
    assert _outstanding(payer, made["number"]) == 7_000

    over = _swish_request(sim, ore=8_000, message=" ".join(made["ocr"]))  # typed with spaces
    store.pay(over)
    _callback(payer, over)
    assert _outstanding(payer, made["number"]) == -1_000

    unknown = _swish_request(sim, ore=2_500, message="12345682")
    store.pay(unknown)
    _callback(payer, unknown)
    sale = _swish_request(sim, ore=4_200, message="Byabutiken kvitto")  # a store's own sale
    store.pay(sale)
    _callback(payer, sale)

    review = payer.client.get(f"{STORE}/payments-in", headers=ADMIN).json()
    assert [(p["status"], p["amount_ore"], p["source"]) for p in review] == [
        ("partial", 10_000, "Swish"),
        ("over", 8_000, "Swish"),
        ("unknown", 2_500, "Swish"),
    ]
    assert _balance(payer) == -17_000 + 10_000 + 8_000


def test_swish_pays_an_invoice_in_full(payer: Owner, sim: EmbeddedSwishSimulator) -> None:
    made = _invoice(payer, sim)
    full = _swish_request(sim, ore=17_000, message=made["ocr"])
    sim.simulator.store.pay(full)
    _callback(payer, full)
    assert _outstanding(payer, made["number"]) == 0
    assert _balance(payer) == 0
    assert payer.client.get(f"{STORE}/payments-in", headers=ADMIN).json() == []


def test_a_swish_report_pays_by_qr_and_keeps_its_bad_rows(owner: Owner) -> None:
    month_on_account(owner)
    assert owner.client.put(f"{STORE}/association/invoicing", json=DETAILS, headers=ADMIN)
    owner.clock.advance(days=5)
    made = owner.client.post(
        f"{MEMBERS}/{MEMBER}/invoices", json={"period": "2026-11"}, headers=ADMIN
    ).json()
    report = (
        "Datum;Belopp;Avsändare;Meddelande\n"
        f"2026-12-06;120,00;467012***67;{made['ocr']}\n"
        "2026-12-06;tjugo;467012***11;12345682\n"
        "6/12;50,00;467012***11;12345682\n"
        "2026-12-07;25,50;467012***11;12345682\n"
        f"2026-12-08;50,00;467012***67;{made['ocr']}\n"
    ).encode()
    url = f"{STORE}/payments-in/swish-report"
    done = owner.client.post(url, content=report, headers=ADMIN)
    assert done.status_code == 201, done.text
    answer = done.json()
    assert (answer["partial"], answer["paid"], answer["unknown"]) == (1, 1, 1)
    assert [(r["line"], r["reason"]) for r in answer["refused"]] == [
        (3, "the amount 'tjugo' is not a sum in kronor"),
        (4, "the date '6/12' is not YYYY-MM-DD"),
    ]
    assert _outstanding(owner, made["number"]) == 0
    again = owner.client.post(url, content=report, headers=ADMIN).json()
    assert (again["new"], again["already_imported"]) == ([], 3)
    assert _balance(owner) == 0
    review = owner.client.get(f"{STORE}/payments-in", headers=ADMIN).json()
    assert [(p["status"], p["amount_ore"], p["source"]) for p in review] == [
        ("partial", 12_000, "Swish"),
        ("unknown", 2_550, "Swish"),
    ]
    broken = owner.client.post(url, content=b"a,b\n1,2\n", headers=ADMIN)
    assert broken.status_code == 422
    assert "missing: Datum, Belopp, Meddelande" in broken.json()["detail"]
