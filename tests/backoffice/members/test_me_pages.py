"""A member's own pages, signed in with BankID (the simulator over HTTPS, mTLS): the balance
and limit, the purchase and its receipt, the invoice with its OCR and PDF, the data download
and an erasure request the owner sees. A second member cannot open the first one's receipt or
invoice by its id (404), and a member session is no staff session."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.members.me_models import ErasureRequest
from backoffice.signin.config import BankIdSignInSettings
from retail import Personnummer, wire
from tests.backoffice.members.test_invoices import DETAILS, STORE
from tests.backoffice.members.test_members_api import MEMBERS, push
from tests.backoffice.products.conftest import Clock, Owner
from tests.backoffice.signin.test_bankid_pages import KEY, OTHER, TOLVAN, phone
from tests.bankid_rp.conftest import RunningSimulator
from tests.store_controller.sync.harness import (
    ADMIN,
    T0,
    Backoffice,
    running_backoffice,
    sale,
)

MINE = Personnummer.parse(TOLVAN).keyed_hash(KEY)
PAGE = {"Accept": "text/html"}
THEIRS = Personnummer.parse(OTHER).keyed_hash(KEY)


@pytest.fixture
def world(
    database_url: str, sim: RunningSimulator, tmp_path: Path, clock: Clock
) -> Iterator[tuple[Owner, Backoffice]]:
    key_file = tmp_path / "identity.key"
    key_file.write_bytes(KEY)
    bankid = BankIdSignInSettings(
        enabled=True,
        environment="simulator",
        base_url=sim.base_url,
        certificate=sim.files.rp_p12,
        certificate_password=SecretStr(sim.files.rp_p12_password),
        ca_file=sim.files.ca,
        identity_key_file=key_file,
    )
    with (
        running_backoffice(
            database_url, clock=clock, bankid=bankid, public_url="http://bo.test"
        ) as backoffice,
        TestClient(backoffice.app) as client,
    ):
        yield Owner(client, clock, {}), backoffice


def bought(receipt: int, amount: int, who: str) -> wire.Sale:
    made = sale(receipt, amount=amount)
    paid = made.payments[0].model_copy(update={"method": wire.PaymentMethod.MEMBER_ACCOUNT})
    return wire.Sale.model_validate(
        made.model_dump() | {"payments": (paid.model_dump(),), "customer_hash": who}
    )


def visit(who: str) -> wire.Visit:
    return wire.Visit(
        visit_id=uuid.uuid4(),
        occurred_at=T0,
        outcome=wire.VisitOutcome.GRANTED,
        identity_hash=who,
        age=71,
    )


def member_signs_in(client: TestClient, sim: RunningSimulator, number: str) -> None:
    page = client.get("/me/signin")
    assert page.status_code == 200
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    started = client.post(
        "/me/signin/start",
        data={"csrf_token": token, "same_device": "true"},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    query = parse_qs(urlsplit(started.headers["location"]).query)
    order = phone(sim, "/phone/api/autostart", {"autoStartToken": query["autostarttoken"][0]})
    phone(sim, f"/phone/api/orders/{order['orderRef']}/approve", {"personalNumber": number})
    wait = client.get("/signin/bankid/wait")
    csrf = wait.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    done = client.post(
        "/signin/bankid/status", data={"csrf_token": csrf}, headers={"Accept": "application/json"}
    )
    assert done.json() == {"state": "complete", "message": "", "next": "/me"}, done.text


def page_csrf(html: str) -> str:
    return html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_a_member_sees_their_own_purchases_invoices_and_data(
    world: tuple[Owner, Backoffice], sim: RunningSimulator
) -> None:
    owner, backoffice = world
    owner.store("byn-a")
    push(owner, [visit(MINE), visit(THEIRS)], start=1)
    for who in (MINE, THEIRS):
        approved = owner.client.put(
            f"{MEMBERS}/{who}/approval", json={"credit_limit_ore": 50_000}, headers=ADMIN
        )
        assert approved.status_code == 200, approved.text
    push(owner, [bought(7, 12_950, MINE), bought(8, 4_050, THEIRS)], start=3)
    details = owner.client.put(f"{STORE}/association/invoicing", json=DETAILS, headers=ADMIN)
    assert details.status_code == 200, details.text
    owner.clock.advance(days=5)
    made = owner.client.post(
        f"{MEMBERS}/{MINE}/invoices", json={"period": "2026-11"}, headers=ADMIN
    )
    assert made.status_code == 201, made.text
    invoice = made.json()

    with TestClient(owner.client.app) as me:
        assert (
            me.get("/me", headers=PAGE, follow_redirects=False).headers["location"]
            == "/me/signin?next=/me"
        )
        member_signs_in(me, sim, TOLVAN)
        home = me.get("/me").text
        assert "Mina sidor" in home
        assert "−129,50" in home.replace("-", "−")
        assert "500,00" in home  # the credit limit
        purchases = me.get("/me/purchases").text
        assert "Kvitto 7" in purchases
        assert "Kvitto 8" not in purchases
        receipt_link = purchases.split('href="/me/receipts/', 1)[1].split('"', 1)[0]
        receipt = me.get(f"/me/receipts/{receipt_link}")
        assert receipt.status_code == 200
        assert "på konto" in receipt.text
        bills = me.get("/me/invoices").text
        assert f"Faktura {invoice['number']}" in bills
        assert "Obetald" in bills
        invoice_id = bills.split('href="/me/invoices/', 1)[1].split('"', 1)[0]
        page = me.get(f"/me/invoices/{invoice_id}").text
        assert invoice["ocr"] in page
        pdf = me.get(f"/me/invoices/{invoice_id}/pdf")
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        english = me.post("/language", data={"lang": "en", "next": "/me"}).text
        assert "My pages" in english
        assert "Unpaid invoices" in english
        me.post("/language", data={"lang": "sv", "next": "/me"})

        exported = me.get("/me/data/export")
        assert exported.headers["content-disposition"].startswith("attachment")
        data = json.loads(exported.text)
        assert data["identity_hash"] == MINE
        [keeper] = data["keepers"]
        assert [p["receipt"] for p in keeper["purchases"]] == [7]
        assert [i["number"] for i in keeper["invoices"]] == [invoice["number"]]
        assert THEIRS not in exported.text
        assert TOLVAN not in exported.text

        csrf = page_csrf(me.get("/me/data").text)
        refused = me.post("/me/erasure", data={"reason": "flyttar"})
        assert refused.status_code == 403  # no CSRF token
        empty = me.post("/me/erasure", data={"reason": " ", "csrf_token": csrf})
        assert empty.status_code == 400
        assert "Skriv varför" in empty.text
        sent = me.post("/me/erasure", data={"reason": "Jag flyttar", "csrf_token": csrf})
        assert "Din begäran om radering är skickad" in sent.text
        # a member session is no staff session
        assert me.get("/api/admin/stores/byn-a/members").status_code == 401
        assert (
            me.get("/stores/byn-a/members", headers=PAGE, follow_redirects=False)
            .headers["location"]
            .startswith("/signin?")
        )
        me.post("/me/signout", data={"csrf_token": csrf})
        assert me.get("/me", follow_redirects=False).status_code == 401

    with TestClient(owner.client.app) as other:
        member_signs_in(other, sim, OTHER)
        assert "Kvitto 8" in other.get("/me/purchases").text
        assert other.get(f"/me/receipts/{receipt_link}").status_code == 404
        assert other.get(f"/me/invoices/{invoice_id}").status_code == 404
        assert other.get(f"/me/invoices/{invoice_id}/pdf").status_code == 404
        assert "Inga fakturor ännu" in other.get("/me/invoices").text

    customer = owner.client.get(f"/stores/byn-a/members/{MINE}", headers=ADMIN).text
    assert "Kunden begärde radering" in customer
    assert "Jag flyttar" in customer
    listed = owner.client.get("/stores/byn-a/members", headers=ADMIN).text
    assert "Begärda raderingar (1)" in listed
    assert f'href="/stores/byn-a/members/{MINE}#rights"' in listed
    asked = owner.client.get(f"{MEMBERS}/erasure-requests", headers=ADMIN).json()
    assert [(r["identity_hash"], r["reason"]) for r in asked] == [(MINE, "Jag flyttar")]
    with backoffice.sessions() as session:
        [request] = session.scalars(select(ErasureRequest)).all()
        assert (request.identity_hash, request.reason, request.handled_at) == (
            MINE,
            "Jag flyttar",
            None,
        )
        actions = [r.action for r in session.scalars(select(AuditRecord))]
        assert actions.count("member.sign_in") == 2
        assert "member.erasure_request" in actions
        assert "export" in actions
        every = " ".join(f"{r.target} {r.after}" for r in session.scalars(select(AuditRecord)))
        assert TOLVAN not in every
        assert TOLVAN[2:] not in every

    erased = owner.client.post(
        f"{MEMBERS}/{MINE}/erase", json={"why": "begärt av kunden"}, headers=ADMIN
    )
    assert erased.status_code == 200, erased.text
    with backoffice.sessions() as session:
        [request] = session.scalars(select(ErasureRequest)).all()
        assert request.handled_at is not None
        assert request.identity_hash.startswith("erased-")
    assert "Begärda raderingar" not in owner.client.get("/stores/byn-a/members", headers=ADMIN).text
    assert owner.client.get(f"{MEMBERS}/erasure-requests", headers=ADMIN).json() == []


def test_a_member_sets_their_own_e_mail_and_address_for_invoices(
    world: tuple[Owner, Backoffice], sim: RunningSimulator
) -> None:
    owner, backoffice = world
    owner.store("byn-a")
    push(owner, [visit(MINE)], start=1)
    approved = owner.client.put(
        f"{MEMBERS}/{MINE}/approval", json={"credit_limit_ore": 50_000}, headers=ADMIN
    )
    assert approved.status_code == 200, approved.text

    with TestClient(owner.client.app) as me:
        member_signs_in(me, sim, TOLVAN)
        page = me.get("/me/data").text
        assert "Faktureringsuppgifter" in page
        csrf = page_csrf(page)
        association = page.split('name="association_id" value="', 1)[1].split('"', 1)[0]
        typed = {
            "association_id": association,
            "name": "Tolvan Tolvansson",
            "email": "tolvan@",
            "address": "Byvägen 1\n123 45 Byn",
        }
        assert me.post("/me/contact", data=typed).status_code == 403  # no CSRF token
        refused = me.post("/me/contact", data=typed | {"csrf_token": csrf})
        assert refused.status_code == 400
        assert "E-postadressen ser inte ut som en e-postadress" in refused.text
        assert 'value="Tolvan Tolvansson"' in refused.text
        assert 'value="tolvan@"' in refused.text
        assert "Byvägen 1\n123 45 Byn</textarea>" in refused.text
        me.post("/language", data={"lang": "en", "next": "/me/data"})
        english = me.post("/me/contact", data=typed | {"csrf_token": csrf})
        assert "does not look like one" in english.text
        assert "Invoice details" in english.text
        me.post("/language", data={"lang": "sv", "next": "/me/data"})
        other = me.post(
            "/me/contact",
            data=typed | {"csrf_token": csrf, "association_id": "999", "email": "t@byn.se"},
        )
        assert other.status_code == 404  # no account there

        saved = me.post(
            "/me/contact",
            data=typed | {"csrf_token": csrf, "email": "tolvan@byn.se"},
            follow_redirects=False,
        )
        assert saved.headers["location"] == "/me/data?saved=1"
        shown = me.get("/me/data").text
        assert "Uppgifterna är sparade." in me.get("/me/data?saved=1").text
        assert 'value="tolvan@byn.se"' in shown

    customer = owner.client.get(f"/stores/byn-a/members/{MINE}", headers=ADMIN).text
    assert 'value="tolvan@byn.se"' in customer
    assert "Byvägen 1\n123 45 Byn</textarea>" in customer
    assert "kunden själv på Mina sidor" in customer
    with backoffice.sessions() as session:
        [changed] = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "member.contact")
        ).all()
        assert changed.actor == f"member {MINE[:12]}"
        assert "tolvan@byn.se" in (changed.after or "")
        every = " ".join(
            f"{r.actor} {r.target} {r.after}" for r in session.scalars(select(AuditRecord))
        )
        assert TOLVAN not in every
        assert TOLVAN[2:] not in every


def test_a_refused_member_sign_in_offers_the_member_sign_in_again(
    world: tuple[Owner, Backoffice], sim: RunningSimulator
) -> None:
    owner, _ = world
    with TestClient(owner.client.app) as me:
        token = page_csrf(me.get("/me/signin").text)
        started = me.post(
            "/me/signin/start",
            data={"csrf_token": token, "same_device": "true"},
            follow_redirects=False,
        )
        query = parse_qs(urlsplit(started.headers["location"]).query)
        order = phone(sim, "/phone/api/autostart", {"autoStartToken": query["autostarttoken"][0]})
        phone(sim, f"/phone/api/orders/{order['orderRef']}/cancel", {})
        csrf = page_csrf(me.get("/signin/bankid/wait").text)
        failed = me.post("/signin/bankid/status", data={"csrf_token": csrf}, headers=PAGE)
        assert failed.status_code == 400
        assert '<a href="/me/signin">Försök igen</a>' in failed.text
        assert 'href="/signin/bankid"' not in failed.text
        assert 'href="/signin"' not in failed.text  # no staff password sign-in offered


def test_a_member_sees_the_name_and_birth_date_the_store_keeps_about_them(
    world: tuple[Owner, Backoffice], sim: RunningSimulator
) -> None:
    owner, _ = world
    owner.store("byn-a")
    named = visit(MINE).model_copy(
        update={"name": "Tolvan Tolvansson", "birth_date": date(1912, 12, 12)}
    )
    push(owner, [named], start=1)

    with TestClient(owner.client.app) as me:
        member_signs_in(me, sim, TOLVAN)
        page = me.get("/me/data").text
        section = page.split('id="person"', 1)[1].split("</section>", 1)[0]
        assert "Namn och födelsedatum (från BankID)" in section
        assert "<dd>Tolvan Tolvansson</dd>" in section
        assert "<dd>1912-12-12</dd>" in section
        assert f"<dd>{T0.date().isoformat()}</dd>" in section  # when the door reported it
        assert TOLVAN not in page
        assert TOLVAN[2:] not in page
        me.post("/language", data={"lang": "en", "next": "/me/data"})
        english = me.get("/me/data").text
        assert "Name and birth date (from BankID)" in english
        assert "Your personal identity number is not kept." in english
        assert "Last reported" in english
        me.post("/language", data={"lang": "sv", "next": "/me/data"})
        [keeper] = json.loads(me.get("/me/data/export").text)["keepers"]
        assert [(p["name"], p["birth_date"]) for p in keeper["person"]] == [
            ("Tolvan Tolvansson", "1912-12-12")
        ]

    with TestClient(owner.client.app) as other:
        member_signs_in(other, sim, OTHER)
        page = other.get("/me/data").text
        assert "Tolvan Tolvansson" not in page
        assert "Inga uppgifter." in page.split('id="person"', 1)[1].split("</section>", 1)[0]
