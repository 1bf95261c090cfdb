"""Pay at the kiosk with Swish end to end: pty scanner, the real controller app, the Swish
simulator over mTLS, its phone page in Chromium; the QR codes are read from the screen like a
phone would (pyzbar), and the receipt is opened from the URL in its QR code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from playwright.sync_api import Browser, Locator, expect
from pyzbar import pyzbar

from store_controller.checkout import seed
from store_controller.checkout.verify import verify_journal
from store_controller.payments.swish.provider import SwishPaymentProvider
from swish_merchant.models import SwishStatus
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.browser import WAIT_MS
from tests.conftest import free_port
from tests.e2e.kiosk_harness import Store, running_store

pytestmark = pytest.mark.browser


@pytest.fixture
def swish(tmp_path: Path) -> Iterator[EmbeddedSwishSimulator]:
    sim = EmbeddedSwishSimulator.start(
        cert_dir=tmp_path / "swish", port=free_port(), phone_port=free_port()
    )
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def store(tmp_path: Path, swish: EmbeddedSwishSimulator) -> Iterator[Store]:
    with running_store(tmp_path / "store") as store:
        # the provider the wiring builds for payment_provider = "swish"; closed at shutdown
        store.checkout.payments = SwishPaymentProvider.from_config(swish.config())
        store.checkout.receipt_base_url = f"{store.base_url}/receipt"
        yield store


def read_qr(element: Locator) -> str:
    """What a phone's camera reads from the QR code shown in `element`."""
    png = np.frombuffer(element.screenshot(), dtype=np.uint8)
    image = cv2.imdecode(png, cv2.IMREAD_GRAYSCALE)
    codes = pyzbar.decode(image)
    assert len(codes) == 1, codes
    return str(codes[0].data.decode())


def test_pay_with_swish_on_the_phone_and_open_the_receipt(
    browser: Browser, store: Store, swish: EmbeddedSwishSimulator
) -> None:
    kiosk = browser.new_page(viewport={"width": 1280, "height": 800})
    phone = browser.new_page(viewport={"width": 400, "height": 800})
    for page in (kiosk, phone):
        page.set_default_timeout(WAIT_MS)
    try:
        kiosk.goto(f"{store.base_url}/kiosk")
        expect(kiosk.get_by_test_id("idle")).to_be_visible()
        store.scanner.send(seed.MJOLK)
        store.scanner.send(seed.weight_label(seed.OST_ARTICLE, 432))
        expect(kiosk.get_by_test_id("line")).to_have_count(2)
        expect(kiosk.get_by_test_id("total")).to_have_text("69,36\u00a0kr")

        kiosk.get_by_test_id("pay").click()
        expect(kiosk.get_by_test_id("overlay-title")).to_contain_text("Betala 69,36")
        qr = kiosk.get_by_test_id("overlay-qr")
        expect(qr.locator("svg")).to_be_visible()
        swish_qr = read_qr(qr)
        assert swish_qr.startswith("D")

        phone.goto(swish.phone_url)
        phone.fill("#qr", swish_qr)
        phone.click("#scan")
        (request,) = swish.simulator.store.payments()
        card = phone.locator(f'[data-id="{request.id}"]')
        expect(card).to_contain_text("69,36 kr")
        card.get_by_role("button", name="Betala").click()
        expect(card).to_contain_text("PAID")

        expect(kiosk.get_by_test_id("paid")).to_be_visible()
        receipt_url = read_qr(kiosk.locator("#receipt-qr"))
        assert receipt_url.startswith(f"{store.base_url}/receipt/")
        phone.goto(receipt_url)
        expect(phone.get_by_test_id("receipt-number")).to_have_text("e2e-store/kassa-1/000001")
        expect(phone.get_by_test_id("receipt-total")).to_have_text("69,36\u00a0kr")
        expect(phone.get_by_test_id("receipt-payment")).to_contain_text("Swish")
        expect(phone.get_by_test_id("receipt")).to_contain_text("Elektroniskt kassakvitto")
    finally:
        kiosk.close()
        phone.close()
    assert swish.simulator.store.get(request.id).status is SwishStatus.PAID
    report = verify_journal(store.controller.engine)
    assert report.ok, report.problems
    assert report.sales == 1
