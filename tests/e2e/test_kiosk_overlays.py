"""The kiosk's overlays pass axe-core at the three kiosk panel sizes, in both languages: the age
check (BankID QR), the Swish QR the customer pays with (real Swish simulator) and the member
account's BankID signing (real BankID simulator). Screenshots kept in var/artifacts/screens/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bankid_rp.client import BankIdClient
from bankid_rp.simulator.embedded import EmbeddedSimulator
from store_controller.checkout import seed
from store_controller.core.clock import SystemClock
from store_controller.payments.member.provider import MemberAccountProvider
from store_controller.payments.member.setup import ensure_member
from store_controller.payments.swish.provider import SwishPaymentProvider
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.axe import assert_accessible
from tests.browser import WAIT_MS
from tests.conftest import free_port
from tests.e2e.kiosk_harness import Store, running_store
from tests.e2e.test_customer_screens import PANELS, keep_screenshot

pytestmark = pytest.mark.browser
MEMBER = "191212121212"  # Tolvan Tolvansson, a test identity of the BankID simulator


def check_overlay(page: Page, name: str, lang: str) -> None:
    """axe (serious/critical) on the overlay as shown at each panel size."""
    for width, height in PANELS:
        page.set_viewport_size({"width": width, "height": height})
        expect(page.locator("#overlay")).to_be_visible()
        expect(page.get_by_test_id("overlay-qr").locator("svg")).to_be_visible()
        assert_accessible(page, what=f"the kiosk's {name} overlay ({lang}, {width}x{height})")
        keep_screenshot(page, f"kiosk-{name}-{lang}-{width}x{height}")


def kiosk(browser: Browser, store: Store, lang: str) -> Page:
    width, height = PANELS[0]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{store.base_url}/kiosk?lang={lang}")
    expect(page.get_by_test_id("idle")).to_be_visible()
    return page


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with running_store(tmp_path / "store") as store:
        yield store


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_age_check_overlay_passes_axe(browser: Browser, store: Store, lang: str) -> None:
    page = kiosk(browser, store, lang)
    try:
        store.scanner.send(seed.SNUS)
        expect(page.get_by_test_id("overlay-title")).to_be_visible()
        check_overlay(page, "age-check", lang)
        store.verifier.approve()
        expect(page.locator("#overlay")).to_be_hidden()
    finally:
        page.close()


@pytest.fixture
def swish(tmp_path: Path) -> Iterator[EmbeddedSwishSimulator]:
    sim = EmbeddedSwishSimulator.start(
        cert_dir=tmp_path / "swish", port=free_port(), phone_port=free_port()
    )
    try:
        yield sim
    finally:
        sim.stop()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_swish_qr_overlay_passes_axe(
    browser: Browser, store: Store, swish: EmbeddedSwishSimulator, lang: str
) -> None:
    store.checkout.payments = SwishPaymentProvider.from_config(swish.config())
    page = kiosk(browser, store, lang)
    try:
        store.scanner.send(seed.MJOLK)
        expect(page.get_by_test_id("line")).to_have_count(1)
        page.get_by_test_id("pay").click()
        check_overlay(page, "swish-qr", lang)
    finally:
        page.close()


@pytest.fixture
def bankid(tmp_path: Path) -> Iterator[EmbeddedSimulator]:
    sim = EmbeddedSimulator.start(cert_dir=tmp_path / "bankid", port=free_port())
    try:
        yield sim
    finally:
        sim.stop()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_member_account_overlay_passes_axe(
    browser: Browser, store: Store, bankid: EmbeddedSimulator, lang: str
) -> None:
    sessions, key = store.controller.sessions, store.controller.identity_key
    with sessions.begin() as session:
        ensure_member(
            session,
            personal_number=MEMBER,
            name="Tolvan Tolvansson",
            hash_key=key,
            limit_ore=500_00,
            at=datetime.now(UTC),
        )
    config = bankid.config(collect_interval=1.0)
    store.checkout.other_methods = [
        MemberAccountProvider(
            client_factory=lambda: BankIdClient.from_config(config),
            sessions=sessions,
            hash_key=key,
            store_name="Byabutiken i Testby",
            clock=SystemClock(),
            collect_interval=1.0,
            timeout=60.0,
        )
    ]
    page = kiosk(browser, store, lang)
    try:
        store.scanner.send(seed.BROD)
        expect(page.get_by_test_id("line")).to_have_count(1)
        page.get_by_test_id("pay-member-account").click()
        check_overlay(page, "member-account", lang)
    finally:
        page.close()
