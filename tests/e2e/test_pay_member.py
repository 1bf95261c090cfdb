"""Pay on the member account end to end: the kiosk shows a BankID sign QR, the BankID
simulator's phone page (in Chromium) scans it from the screen and signs as an approved member;
the charge and the sale are on disk and the receipt says Medlemskonto."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from bankid_rp.client import BankIdClient
from bankid_rp.simulator.embedded import EmbeddedSimulator
from store_controller.checkout import seed
from store_controller.core.clock import SystemClock
from store_controller.payments.member.models import MemberAccountRow
from store_controller.payments.member.provider import MemberAccountProvider
from store_controller.payments.member.setup import ensure_member
from tests.axe import assert_accessible
from tests.browser import WAIT_MS
from tests.conftest import free_port
from tests.e2e.bankid_phone import scan_live_qr
from tests.e2e.kiosk_harness import Store, running_store
from tests.e2e.test_pay_swish import read_qr

pytestmark = pytest.mark.browser
MEMBER = "191212121212"  # Tolvan Tolvansson, the phone page's first test identity


@pytest.fixture
def bankid(tmp_path: Path) -> Iterator[EmbeddedSimulator]:
    sim = EmbeddedSimulator.start(cert_dir=tmp_path / "bankid", port=free_port())
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def store(tmp_path: Path, bankid: EmbeddedSimulator) -> Iterator[Store]:
    with running_store(tmp_path / "store") as store:
        sessions = store.controller.sessions
        key = store.controller.identity_key  # made in the store's data folder at start
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
        # what the wiring builds for member_account = true; closed at shutdown
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
        store.checkout.receipt_base_url = f"{store.base_url}/receipt"
        yield store


def test_pay_on_account_by_signing_with_bankid(
    browser: Browser, store: Store, bankid: EmbeddedSimulator
) -> None:
    kiosk = browser.new_page(viewport={"width": 1280, "height": 800})
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 420, "height": 900})
    phone = context.new_page()
    for page in (kiosk, phone):
        page.set_default_timeout(WAIT_MS)
    try:
        kiosk.goto(f"{store.base_url}/kiosk")
        store.scanner.send(seed.BROD)
        expect(kiosk.get_by_test_id("total")).to_have_text("32,50\u00a0kr")
        expect(kiosk.get_by_test_id("pay")).to_have_text("Betala")  # the default (simulated)
        kiosk.get_by_test_id("pay-member-account").click()
        expect(kiosk.get_by_test_id("overlay-qr").locator("svg")).to_be_visible()
        phone.goto(bankid.base_url.removesuffix("/rp/v6.0/") + "/phone")
        scan_live_qr(phone, lambda: read_qr(kiosk.get_by_test_id("overlay-qr")))
        expect(phone.locator("#orders")).to_contain_text("Köp på medlemskonto: **32,50 kr**")
        phone.get_by_role("button", name="Godkänn / Approve").click()

        expect(kiosk.get_by_test_id("paid")).to_be_visible()
        # the customer sees where the account stands (what is owed, what is left of the limit)
        expect(kiosk.get_by_test_id("member-balance")).to_have_text(
            "Ditt medlemskonto: 32,50\u00a0kr att betala. Du kan handla för 467,50\u00a0kr till."
        )
        assert_accessible(kiosk, what="the kiosk's receipt after a member purchase")
        phone.goto(read_qr(kiosk.locator("#receipt-qr")))
        expect(phone.get_by_test_id("receipt-payment")).to_contain_text("Medlemskonto")
        expect(phone.get_by_test_id("receipt-total")).to_have_text("32,50\u00a0kr")
    finally:
        kiosk.close()
        context.close()
    with store.controller.sessions() as session:
        account = session.scalars(select(MemberAccountRow)).one()
        assert account.balance_ore == 32_50
