"""Scanner to kiosk end to end: bytes on a pty scanner, the real controller app, Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from store_controller.checkout import seed
from store_controller.checkout.verify import verify_journal
from tests.browser import WAIT_MS
from tests.e2e.kiosk_harness import Store, running_store

pytestmark = pytest.mark.browser


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with running_store(tmp_path) as store:
        yield store


def kiosk(browser: Browser, store: Store, width: int, height: int, lang: str = "sv") -> Page:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{store.base_url}/kiosk?lang={lang}")
    return page


def test_scan_to_paid_with_a_weighed_and_an_age_limited_item(
    browser: Browser, store: Store
) -> None:
    page = kiosk(browser, store, 1280, 800)
    try:
        expect(page.get_by_test_id("idle")).to_contain_text("Skanna din första vara")
        store.scanner.send(seed.MJOLK)
        expect(page.get_by_test_id("line")).to_have_count(1)
        store.scanner.send(seed.weight_label(seed.OST_ARTICLE, 432))
        store.scanner.send(seed.LASK)
        store.scanner.send(seed.LASK)
        lines = page.get_by_test_id("line")
        expect(lines).to_have_count(3)
        expect(lines.nth(1)).to_contain_text("0,432\u00a0kg")
        expect(lines.nth(1).get_by_test_id("amount")).to_have_text("51,41\u00a0kr")
        expect(lines.nth(2).get_by_test_id("quantity")).to_have_text("2")
        expect(page.locator("#pant-total")).to_have_text("2,00\u00a0kr")
        store.scanner.send("7310000009990")  # not in the catalog
        expect(page.get_by_test_id("notice")).to_contain_text("Varan finns inte i kassan")

        store.scanner.send(seed.SNUS)
        expect(page.get_by_test_id("overlay-title")).to_have_text("Ålderskontroll")
        expect(page.get_by_test_id("overlay-qr").locator("svg")).to_be_visible()
        expect(page.get_by_test_id("pay")).to_be_disabled()
        store.verifier.approve()
        expect(page.locator("#overlay")).to_be_hidden()
        expect(page.get_by_test_id("pay")).to_be_enabled()

        lines.nth(0).get_by_test_id("plus").click()
        expect(lines.nth(0).get_by_test_id("quantity")).to_have_text("2")
        lines.nth(2).get_by_test_id("remove").click()
        expect(lines).to_have_count(3)
        # 2 x 17,95 + 51,41 + 59,00
        expect(page.get_by_test_id("total")).to_have_text("146,31\u00a0kr")

        page.get_by_test_id("pay").click()
        expect(page.get_by_test_id("overlay-title")).to_contain_text("Betala 146,31")
        page.get_by_test_id("sim-approve").click()
        expect(page.get_by_test_id("paid")).to_be_visible()
        receipt = page.get_by_test_id("receipt-link")
        expect(receipt).to_have_text("e2e-store/kassa-1/000001")
        receipt.click()
        expect(page.get_by_test_id("receipt-number")).to_have_text("e2e-store/kassa-1/000001")
        expect(page.get_by_test_id("receipt-total")).to_have_text("146,31\u00a0kr")
    finally:
        page.close()
    report = verify_journal(store.controller.engine)
    assert report.ok, report.problems
    assert report.sales == 1


@pytest.mark.parametrize(("width", "height"), [(800, 480), (1280, 800)])
def test_the_kiosk_fits_small_and_large_screens_in_english(
    browser: Browser, store: Store, width: int, height: int
) -> None:
    page = kiosk(browser, store, width, height, lang="en")
    try:
        expect(page.get_by_test_id("idle")).to_contain_text("Scan your first item")
        for code in (seed.KAFFE, seed.BROD, seed.TIDNING, seed.BATTERIER, seed.LASK):
            store.scanner.send(code)
        expect(page.get_by_test_id("line")).to_have_count(5)
        pay = page.get_by_test_id("pay")
        expect(pay).to_be_visible()
        box = pay.bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= height
        assert box["height"] >= 44  # a finger-sized target
        expect(page.get_by_test_id("notice")).to_have_text(re.compile(r".+ added\."))
    finally:
        page.close()
