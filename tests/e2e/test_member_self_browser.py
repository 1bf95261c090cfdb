"""A member on their phone (Chromium, 390x844) signs in with BankID (the simulator's phone
approves the QR order), sees their balance, a purchase with its receipt and an invoice with its
OCR number, and downloads their data; every page passes axe, in Swedish and in English."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect
from pydantic import SecretStr
from sqlalchemy import select

from backoffice.signin.config import BankIdSignInSettings
from backoffice.signin.models import BankIdOrder
from tests.axe import assert_accessible
from tests.backoffice.members.test_invoices import DETAILS, STORE
from tests.backoffice.members.test_me_pages import MINE, bought, visit
from tests.backoffice.members.test_members_api import MEMBERS, push
from tests.backoffice.products.conftest import Clock, Owner
from tests.backoffice.signin.test_bankid_pages import KEY, TOLVAN
from tests.bankid_rp.conftest import RunningSimulator, cert_files, pki, sim
from tests.browser import WAIT_MS
from tests.servers import serving
from tests.store_controller.sync.harness import ADMIN, Backoffice, running_backoffice
from tests.waits import WAIT_S

pytestmark = pytest.mark.browser
__all__ = ["cert_files", "pki", "sim"]  # the fixtures


@pytest.fixture
def world(sim: RunningSimulator, tmp_path: Path) -> Iterator[tuple[Owner, Backoffice]]:
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
    clock = Clock()
    url = f"sqlite:///{tmp_path / 'bo.db'}"
    with (
        running_backoffice(url, clock=clock, bankid=bankid) as backoffice,
        TestClient(backoffice.app) as client,
    ):
        yield Owner(client, clock, {}), backoffice


def a_month_on_account(owner: Owner) -> None:
    owner.store("byn-a")
    push(owner, [visit(MINE)], start=1)
    limit = {"credit_limit_ore": 50_000}
    approved = owner.client.put(f"{MEMBERS}/{MINE}/approval", json=limit, headers=ADMIN)
    assert approved.status_code == 200, approved.text
    push(owner, [bought(7, 12_950, MINE)], start=2)
    details = owner.client.put(f"{STORE}/association/invoicing", json=DETAILS, headers=ADMIN)
    assert details.status_code == 200, details.text
    owner.clock.advance(days=5)
    made = owner.client.post(
        f"{MEMBERS}/{MINE}/invoices", json={"period": "2026-11"}, headers=ADMIN
    )
    assert made.status_code == 201, made.text


def approve_on_the_phone(sim: RunningSimulator, backoffice: Backoffice) -> None:
    """The member's BankID app picks the order up (its start token, as the app gets it from
    the QR code or the link) and the member approves (the simulator's phone)."""
    with backoffice.sessions() as session:
        row = session.scalars(select(BankIdOrder).order_by(BankIdOrder.id.desc())).first()
        assert row is not None
        token = row.auto_start_token
    opened = httpx.post(
        sim.root_url + "/phone/api/autostart",
        json={"autoStartToken": token},
        verify=False,
        timeout=WAIT_S,
    )
    assert opened.status_code == 200, opened.text
    approved = httpx.post(
        f"{sim.root_url}/phone/api/orders/{opened.json()['orderRef']}/approve",
        json={"personalNumber": TOLVAN},
        verify=False,
        timeout=WAIT_S,
    )
    assert approved.status_code == 200, approved.text


def test_a_member_signs_in_with_bankid_and_takes_their_data_away(
    browser: Browser, world: tuple[Owner, Backoffice], sim: RunningSimulator
) -> None:
    owner, backoffice = world
    a_month_on_account(owner)
    with serving(backoffice.app) as base:
        page: Page = browser.new_page(viewport={"width": 390, "height": 844}, accept_downloads=True)
        page.set_default_timeout(WAIT_MS)
        try:
            page.goto(f"{base}/me")
            page.wait_for_url(f"{base}/me/signin?next=/me")
            assert_accessible(page, what="the member's sign-in")
            page.get_by_role("button", name="Mobilt BankID på en annan enhet (QR-kod)").click()
            page.wait_for_url(f"{base}/signin/bankid/wait")
            approve_on_the_phone(sim, backoffice)
            page.wait_for_url(f"{base}/me")
            expect(page.get_by_role("heading", name="Mina sidor")).to_be_visible()
            expect(page.get_by_text(re.compile(r"^[-−]129,50\xa0?\s?kr$"))).to_be_visible()
            assert_accessible(page, what="the member's overview")

            page.get_by_role("link", name="Mina köp").click()
            page.wait_for_url(f"{base}/me/purchases")
            assert_accessible(page, what="the member's purchases")
            page.get_by_role("link", name="Kvitto 7").click()
            expect(page.get_by_role("heading", name="Kvitto 7")).to_be_visible()
            assert_accessible(page, what="a receipt")

            page.get_by_role("link", name="Fakturor").click()
            page.wait_for_url(f"{base}/me/invoices")
            expect(page.get_by_text("Obetald")).to_be_visible()
            assert_accessible(page, what="the member's invoices")
            page.get_by_role("link", name=re.compile(r"^Faktura \d+$")).click()
            expect(page.get_by_role("heading", name=re.compile(r"^Faktura \d+$"))).to_be_visible()
            expect(page.get_by_text("OCR-nummer")).to_be_visible()
            assert_accessible(page, what="an invoice")

            page.get_by_role("link", name="Mina uppgifter").click()
            page.wait_for_url(f"{base}/me/data")
            assert_accessible(page, what="the member's data")
            with page.expect_download() as download:
                page.get_by_role("link", name="Ladda ner mina uppgifter").click()
            data = json.loads(Path(download.value.path()).read_text("utf-8"))
            (keeper,) = data["keepers"]
            assert [p["receipt"] for p in keeper["purchases"]] == [7]
            assert TOLVAN not in json.dumps(data)

            page.get_by_label("Namn på fakturan").fill("Tolvan Tolvansson")
            page.get_by_label("E-post").fill("tolvan@byn")  # the browser lets it through
            page.get_by_role("button", name="Spara uppgifterna").click()
            page.wait_for_url(f"{base}/me/contact")
            expect(page.get_by_role("alert")).to_contain_text("ser inte ut som en e-postadress")
            expect(page.get_by_label("Namn på fakturan")).to_have_value("Tolvan Tolvansson")
            assert_accessible(page, what="a refused e-mail address")
            page.get_by_label("E-post").fill("tolvan@byn.se")
            page.get_by_role("button", name="Spara uppgifterna").click()
            page.wait_for_url(f"{base}/me/data?saved=1")
            expect(page.get_by_role("status").first).to_contain_text("Uppgifterna är sparade.")
            expect(page.get_by_label("E-post")).to_have_value("tolvan@byn.se")
            assert_accessible(page, what="the member's saved details")

            page.get_by_role("button", name="English").click()
            expect(page.get_by_role("heading", name="My data", exact=True)).to_be_visible()
            for path in ("/me", "/me/purchases", "/me/invoices", "/me/data"):
                page.goto(f"{base}{path}")
                assert_accessible(page, what=f"{path} in English")
            page.get_by_role("button", name="Sign out").click()
            page.wait_for_url(f"{base}/me/signin")
        finally:
            page.close()
