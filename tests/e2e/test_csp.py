"""Every screen works under the Content-Security-Policy both apps send: Chromium loads the kiosk
through a paid sale, the receipt (with its e-mail form and print link), the door screen and its
phone page, the simulated door and the backoffice's receipt, and reports no violation."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from backoffice.sales.service import record_sales
from backoffice.stores.service import create_store
from bankid_rp.simulator.embedded import EmbeddedSimulator
from drivers.gpio.pins import close_pin_factory, make_pin_factory
from store_controller.bootstrap import build_controller, create_app
from store_controller.checkout import seed
from store_controller.receipts.config import ReceiptConfig, SmtpConfig
from tests.browser import WAIT_MS
from tests.conftest import free_port
from tests.e2e.csp import CspWatch
from tests.e2e.kiosk_harness import ButtonAgeVerifier, PtyScanner, store_settings
from tests.servers import serving
from tests.store_controller.entry.harness import running_store as running_door
from tests.store_controller.entry.harness import settings_for as door_settings
from tests.store_controller.sync.harness import T0, running_backoffice, sale

pytestmark = pytest.mark.browser


def open_page(browser: Browser, url: str, width: int = 1280, height: int = 800) -> Page:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(WAIT_MS)
    return page


def strict(response: Response | None) -> None:
    """The page really came with the policy (a test without it would pass for nothing)."""
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy


@contextlib.contextmanager
def kiosk_store(tmp_path: Path) -> Iterator[tuple[str, ButtonAgeVerifier, PtyScanner]]:
    """The controller with e-mailed receipts set up (to an SMTP port nobody listens on)."""
    scanner = PtyScanner()
    factory = make_pin_factory("mock")
    smtp = SmtpConfig(host="127.0.0.1", port=free_port(), sender="kvitto@example.se")
    settings = store_settings(tmp_path, scanner.path).model_copy(
        update={"receipts": ReceiptConfig(address="Byvägen 1", smtp=smtp)}
    )
    try:
        app = create_app(build_controller(settings, pin_factory=factory))
        verifier = ButtonAgeVerifier()
        app.state.checkout.age_verifier = verifier
        with serving(app) as base_url:
            yield base_url, verifier, scanner
    finally:
        close_pin_factory(factory)
        scanner.close()


def test_kiosk_sale_and_receipt_raise_no_violation(browser: Browser, tmp_path: Path) -> None:
    with kiosk_store(tmp_path) as (base_url, verifier, scanner):
        page = open_page(browser, base_url)
        watch = CspWatch(page)
        try:
            strict(page.goto(f"{base_url}/kiosk"))
            expect(page.get_by_test_id("idle")).to_be_visible()
            scanner.send(seed.MJOLK)
            expect(page.get_by_test_id("line")).to_have_count(1)
            scanner.send(seed.SNUS)
            expect(page.get_by_test_id("overlay-qr").locator("svg")).to_be_visible()
            verifier.approve()
            expect(page.locator("#overlay")).to_be_hidden()
            page.get_by_test_id("pay").click()
            page.get_by_test_id("sim-approve").click()
            expect(page.get_by_test_id("paid")).to_be_visible()
            watch.assert_clean("the kiosk")

            page.get_by_test_id("receipt-link").click()
            expect(page.get_by_test_id("receipt-number")).to_be_visible()
            page.get_by_label("Skicka kvittot till e-post").fill("kund@example.se")
            page.get_by_role("button", name="Skicka").click()
            # the script moved out of the page still runs: no SMTP server, so it says so
            expect(page.locator("#mail-status")).to_have_text("Det gick inte att skicka.")
            watch.assert_clean("the receipt page")
            page.get_by_role("link", name="Skriv ut (kopia)").click()
            expect(page.get_by_test_id("receipt-copy")).to_be_visible()
            watch.assert_clean("the receipt's copy")
        finally:
            page.close()


@pytest.fixture
def bankid(tmp_path: Path) -> Iterator[EmbeddedSimulator]:
    simulator = EmbeddedSimulator.start(cert_dir=tmp_path / "bankid", port=free_port())
    try:
        yield simulator
    finally:
        simulator.stop()


def test_door_screens_raise_no_violation(
    browser: Browser, tmp_path: Path, bankid: EmbeddedSimulator
) -> None:
    with running_door(door_settings(tmp_path, bankid), bankid) as store:
        page = open_page(browser, store.base_url, 800, 480)
        watch = CspWatch(page)
        try:
            strict(page.goto(f"{store.base_url}/door"))
            page.get_by_test_id("login").click()
            expect(page.locator("#qr svg")).to_be_visible()
            watch.assert_clean("the door screen")

            strict(page.goto(f"{store.base_url}/door/phone"))
            page.get_by_test_id("begin").click()
            expect(page.get_by_test_id("token")).not_to_be_empty()
            watch.assert_clean("the door's phone page")

            strict(page.goto(f"{store.base_url}/sim/door"))
            page.get_by_test_id("open").click()
            expect(page.get_by_test_id("contact")).to_have_attribute("data-open", "true")
            watch.assert_clean("the simulated door")

            strict(page.goto(f"{store.base_url}/"))
            expect(page.get_by_role("link", name="Kassan")).to_be_visible()
            watch.assert_clean("the screens' index")
        finally:
            page.close()


def test_the_backoffice_receipt_raises_no_violation(browser: Browser, tmp_path: Path) -> None:
    with running_backoffice(f"sqlite:///{tmp_path / 'backoffice.db'}") as backoffice:
        with backoffice.sessions.begin() as session:
            store = create_store(session=session, slug="testby", name="Byabutiken i Testby")
            sold = sale(7, amount=123_45)
            record_sales(session=session, store_id=store.id, sales=[(1, sold)], now=T0)
        sale_id: uuid.UUID = sold.sale_id
        with serving(backoffice.app) as base_url:
            page = open_page(browser, base_url, 390, 844)
            watch = CspWatch(page)
            try:
                strict(page.goto(f"{base_url}/receipt/testby/{sale_id}"))
                total = page.get_by_test_id("receipt-total")
                expect(total).to_have_text("123,45\u00a0kr")
                # the stylesheet moved out of the page applies
                expect(total).to_have_css("text-align", "right")
                watch.assert_clean("the backoffice's receipt")
                page.get_by_role("link", name="Skriv ut (kopia)").click()
                expect(page.get_by_text("KOPIA").first).to_be_visible()
                watch.assert_clean("the backoffice's receipt copy")
            finally:
                page.close()
