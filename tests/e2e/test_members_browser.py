"""A members' month from a phone in Chromium (390x844), as the owner: approve a customer with a
credit limit, an account purchase arrives from the store, run the month's invoice, upload the
bank's BgMax file paying it, and see the invoice paid; the customer list, the customer page,
the payments-in page and the customer's data page pass axe in Swedish and in English. The owner
finds a BankID customer by a fragment of the name; the searched list passes axe."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from playwright.sync_api import Browser, FilePayload, expect

from tests.axe import assert_accessible
from tests.backoffice.members.test_invoices import DETAILS, bgmax
from tests.backoffice.members.test_member_pages import MEMBER, a_visit, device, on_account, push
from tests.backoffice.world import World, sqlite_world
from tests.browser import WAIT_MS
from tests.e2e.signin import sign_in
from tests.servers import serving
from tests.store_controller.sync.harness import ADMIN
from tests.waits import WAIT_S

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture
PAGE = f"/stores/a-1/members/{MEMBER}"


def test_the_owner_runs_a_members_month_from_a_phone(browser: Browser, sqlite_world: World) -> None:
    world = sqlite_world
    token = device(world)
    push(world, token, [a_visit()], start=1)
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.set_default_timeout(WAIT_MS)
        try:
            sign_in(page, base, world.emails["owner"])
            page.get_by_role("navigation", name="Huvudmeny").get_by_role(
                "link", name="Kunder"
            ).click()
            page.wait_for_url(f"{base}/stores/a-1/members")
            assert_accessible(page, what="the customer list")
            page.get_by_role("link", name=MEMBER[:10]).click()
            expect(page.get_by_role("heading", name=f"Kund {MEMBER[:10]}")).to_be_visible()
            assert_accessible(page, what="the customer page")

            page.get_by_label("Kreditgräns (kr)").fill("500")
            page.get_by_role("button", name="Spara gränsen").click()
            expect(page.get_by_text("Kreditgränsen är sparad.")).to_be_visible()
            assert_accessible(page, what="the customer page, approved")

            push(world, token, [on_account(7, 12_950)], start=2)  # bought on account at the kiosk
            details = httpx.put(
                f"{base}/api/admin/stores/a-1/association/invoicing",
                json=DETAILS,
                headers=ADMIN,
                timeout=WAIT_S,
            )
            assert details.status_code == 200, details.text
            world.clock.advance(days=30)  # the month has ended
            sign_in(page, base, world.emails["owner"])
            page.goto(f"{base}{PAGE}")
            page.get_by_label("Månad (ÅÅÅÅ-MM)").fill("2026-05")
            page.get_by_role("button", name="Skapa fakturan").click()
            expect(page.get_by_text("Fakturan är skapad.")).to_be_visible()
            bills = page.get_by_role("table", name="Fakturor")
            expect(bills.get_by_role("row").nth(1)).to_contain_text("Obetald")
            expect(bills.get_by_role("row").nth(1)).to_contain_text("129,50")
            assert_accessible(page, what="the customer page with an invoice")

            card = page.get_by_role("region", name="Faktureringsuppgifter")
            card.get_by_label("Namn").fill("Greta Persson")
            card.get_by_label("E-post").fill("greta@example.org")
            card.get_by_label("Postadress").fill("Byvägen 3\n686 00 Byn")
            card.get_by_role("button", name="Spara uppgifterna").click()
            expect(page.get_by_text("Uppgifterna är sparade.")).to_be_visible()
            expect(card.get_by_label("E-post")).to_have_value("greta@example.org")
            assert_accessible(page, what="the customer page with the invoice details")
            bills.get_by_role("row").nth(1).get_by_role("button", name="Skicka igen").click()
            refused = "e-postservern tog inte emot brevet"  # this world has no mail server
            expect(page.get_by_role("alert")).to_contain_text(refused)
            expect(bills.get_by_role("row").nth(1)).to_contain_text(refused)
            assert_accessible(page, what="the customer page, the invoice not sent")

            invoices = httpx.get(f"{base}/api/admin{PAGE}/invoices", headers=ADMIN, timeout=WAIT_S)
            assert invoices.status_code == 200, invoices.text
            (bill,) = invoices.json()
            file = bgmax([(bill["ocr"], 12_950, "000120000001")])
            page.get_by_role("navigation", name="Huvudmeny").get_by_role(
                "link", name="Kunder"
            ).click()
            page.get_by_role("link", name="Inbetalningar").click()
            page.wait_for_url(f"{base}/stores/a-1/payments-in")
            assert_accessible(page, what="payments in")
            page.get_by_label("BgMax-fil", exact=True).set_input_files(
                files=FilePayload(name="bgmax.txt", mimeType="text/plain", buffer=file)
            )
            page.get_by_role("region", name="Läs in en BgMax-fil från banken").get_by_role(
                "button", name="Läs in"
            ).click()
            expect(page.get_by_text("Filen är inläst: 1 nya betalningar.")).to_be_visible()
            assert_accessible(page, what="payments in, a file read")

            page.goto(f"{base}{PAGE}")
            expect(bills.get_by_role("row").nth(1)).to_contain_text("Betald")
            expect(bills.get_by_role("row").nth(1)).not_to_contain_text("Obetald")
            page.get_by_role("link", name="Visa kundens uppgifter").click()
            expect(
                page.get_by_role("heading", name=f"Kundens uppgifter {MEMBER[:10]}")
            ).to_be_visible()
            assert_accessible(page, what="the customer's data")

            page.get_by_role("button", name="English").click()
            expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
            for path in ("/stores/a-1/members", PAGE, "/stores/a-1/payments-in", f"{PAGE}/data"):
                page.goto(f"{base}{path}")
                assert_accessible(page, what=f"{path} in English")
            page.goto(f"{base}{PAGE}")
            invoices_en = page.get_by_role("table", name="Invoices")
            expect(invoices_en.get_by_role("row").nth(1)).to_contain_text("Paid")
        finally:
            page.close()


def test_the_owner_finds_a_customer_by_a_name_fragment(
    browser: Browser, sqlite_world: World
) -> None:
    world = sqlite_world
    token = device(world)
    tolvan = a_visit().model_copy(
        update={"name": "Tolvan Tolvansson", "birth_date": date(1912, 12, 12)}
    )
    greta = a_visit().model_copy(
        update={"identity_hash": "d" * 64, "name": "Greta Persson", "birth_date": date(1950, 3, 1)}
    )
    push(world, token, [tolvan, greta], start=1)
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.set_default_timeout(WAIT_MS)
        try:
            sign_in(page, base, world.emails["owner"])
            page.goto(f"{base}/stores/a-1/members")
            customers = page.get_by_role("region", name="Kunder")
            expect(customers.get_by_role("link", name="Greta Persson")).to_be_visible()
            page.get_by_label("Sök på namn").fill("tolvans")
            page.get_by_role("search").get_by_role("button", name="Sök").click()
            page.wait_for_url(f"{base}/stores/a-1/members?q=tolvans")
            expect(customers.get_by_role("link", name="Tolvan Tolvansson")).to_be_visible()
            expect(customers).to_contain_text("född 1912-12-12")
            expect(customers.get_by_role("link", name="Greta Persson")).to_have_count(0)
            expect(page.get_by_label("Sök på namn")).to_have_value("tolvans")
            assert_accessible(page, what="the customer list searched by name")

            page.get_by_label("Sök på namn").fill("Nilsson")
            page.get_by_role("search").get_by_role("button", name="Sök").click()
            page.wait_for_url(f"{base}/stores/a-1/members?q=Nilsson")
            expect(page.get_by_text("Ingen kund med det namnet.")).to_be_visible()
            assert_accessible(page, what="the customer list, no customer by that name")

            page.goto(f"{base}/stores/a-1/members?q=tolvans")
            customers.get_by_role("link", name="Tolvan Tolvansson").click()
            page.wait_for_url(f"{base}/stores/a-1/members/{MEMBER}")
            expect(page.get_by_role("heading", level=1)).to_contain_text("Tolvan Tolvansson")
        finally:
            page.close()
