"""Shelf labels in Chromium at phone size (390x844), as the store's owner: from the navigation
to the store's label page, the changed prices downloaded as a PDF whose barcodes decode to the
products' GTINs; the page then shows the print and no change left; axe in Swedish and English."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.axe import assert_accessible
from tests.backoffice.pages.test_label_pages import stock
from tests.backoffice.products.test_labels import COFFEE, MILK, read
from tests.backoffice.world import World, sqlite_world
from tests.browser import WAIT_MS
from tests.e2e.signin import sign_in
from tests.servers import serving

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture


def test_the_owner_prints_the_changed_labels_from_a_phone(
    browser: Browser, sqlite_world: World, tmp_path: Path
) -> None:
    world = sqlite_world
    stock(world)
    world.clock.advance(minutes=1)
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844}, accept_downloads=True)
        page.set_default_timeout(WAIT_MS)
        try:
            sign_in(page, base, world.emails["owner"])
            page.get_by_role("navigation", name="Huvudmeny").get_by_role(
                "link", name="Hyllkanter"
            ).click()
            page.wait_for_url(f"{base}/stores/a-1/labels")
            expect(page.get_by_test_id("last-print")).to_have_text("Aldrig utskrivna")
            expect(page.get_by_test_id("changed")).to_have_text("2")
            assert_accessible(page, what="/stores/a-1/labels")

            page.get_by_label("Ändrade sedan senaste utskrift").check()
            with page.expect_download() as download:
                page.get_by_role("button", name="Ladda ner etiketter (PDF)").click()
            saved = tmp_path / download.value.suggested_filename
            download.value.save_as(saved)
            assert saved.name.startswith("hyllkanter-a-1-")
            codes, text = read(saved.read_bytes())
            assert codes == sorted([MILK, COFFEE])
            assert "Jfr-pris 17,95 kr/l" in text

            page.reload()
            page.wait_for_url(f"{base}/stores/a-1/labels")
            expect(page.get_by_test_id("changed")).to_have_text("0")
            expect(page.get_by_test_id("last-print")).not_to_have_text("Aldrig utskrivna")

            page.get_by_role("button", name="English").click()
            expect(page.get_by_role("heading", name="Shelf labels for A ett")).to_be_visible()
            assert_accessible(page, what="/stores/a-1/labels in English")
        finally:
            page.close()
