"""A volunteer at phone size (390x844) starts a delivery from the wholesaler's Windows-1252
file, checks one line off by typing its code, sees the differences, and books it; the file page
and the file delivery's page pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, FilePayload, expect

from tests.axe import assert_accessible
from tests.backoffice.stock.test_delivery_file_page import FILE
from tests.backoffice.stock.test_stock_pages import MILK, stock_it
from tests.backoffice.world import World, sqlite_world
from tests.browser import WAIT_MS
from tests.e2e.signin import sign_in
from tests.servers import serving

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture


def test_a_delivery_file_received_on_a_phone(browser: Browser, sqlite_world: World) -> None:
    world = sqlite_world
    stock_it(world)
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.set_default_timeout(WAIT_MS)
        try:
            sign_in(page, base, world.emails["volunteer"])
            page.goto(f"{base}/stores/a-1/stock/receive")
            page.get_by_role("link", name="Från leveransfil").click()
            page.wait_for_url(f"{base}/stores/a-1/stock/receive/file")
            assert_accessible(page, what="a delivery file")
            page.get_by_label("Leverantör").fill("Dagab")
            page.get_by_label("Följesedel").fill("F-77")
            page.get_by_label("Leveransfil").set_input_files(
                files=FilePayload(name="lev.csv", mimeType="text/csv", buffer=FILE)
            )
            page.get_by_text("Kolumnrubriker").click()
            page.locator("#col_gtin").fill("Streckkod")
            page.locator("#col_quantity").fill("Levererat antal")
            page.get_by_role("button", name="Läs in filen").click()
            expect(page.get_by_role("heading", name="Leverans: Dagab F-77")).to_be_visible()
            differences = page.locator("#delivery-differences tbody tr")
            expect(differences).to_have_count(2)
            page.get_by_label("Streckkod").fill(MILK[1:])
            page.get_by_label("Antal").fill("6")
            page.get_by_role("button", name="Bocka av").click()
            expect(differences).to_have_count(1)
            expect(differences.first).to_contain_text("Limpa")
            assert_accessible(page, what="a delivery from a file")
            page.get_by_role("button", name="Bokför leveransen").click()
            expect(page.get_by_text("Leveransen är bokförd.")).to_be_visible()
        finally:
            page.close()
