"""The door end to end in Chromium: the QR on /door, the login on the BankID simulator's phone
page, the welcome, the simulated door's relay energised, opened, closed and relocked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from bankid_rp.simulator.embedded import EmbeddedSimulator
from tests.browser import WAIT_MS
from tests.conftest import free_port
from tests.e2e.bankid_phone import scan_live_qr
from tests.store_controller.entry.harness import DoorStore, running_store, settings_for

pytestmark = pytest.mark.browser


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DoorStore]:
    bankid = EmbeddedSimulator.start(cert_dir=tmp_path / "bankid", port=free_port())
    try:
        with running_store(settings_for(tmp_path, bankid), bankid) as store:
            yield store
    finally:
        bankid.stop()


def test_qr_login_on_the_phone_page_unlocks_and_relocks(browser: Browser, store: DoorStore) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 480}, ignore_https_errors=True)
    context.set_default_timeout(WAIT_MS)
    try:
        door = context.new_page()
        door.goto(f"{store.base_url}/door")
        expect(door.get_by_text("Legitimera dig med BankID för att gå in")).to_be_visible()
        expect(door.get_by_test_id("door-state")).to_have_attribute("data-state", "locked")
        door.get_by_test_id("login").click()
        expect(door.locator("#qr svg")).to_be_visible(timeout=WAIT_MS)

        def shown_qr() -> str:
            qr_text = door.get_by_test_id("qr").get_attribute("data-qr")
            assert qr_text is not None
            assert qr_text.startswith("bankid.")
            return qr_text

        phone = context.new_page()
        phone.goto(f"https://{store.bankid.host}:{store.bankid.port}/phone")
        scan_live_qr(phone, shown_qr)
        phone.locator("#identity").select_option("191212121212")
        phone.get_by_role("button", name="Godkänn / Approve").click(timeout=WAIT_MS)

        expect(door.get_by_test_id("result-text")).to_have_text("Välkommen in!", timeout=WAIT_MS)
        sim = context.new_page()
        sim.goto(f"{store.base_url}/sim/door")
        relay = sim.get_by_test_id("relay")
        expect(relay).to_have_attribute("data-energised", "true", timeout=WAIT_MS)
        assert store.wiring.strike_energised() is True
        expect(door.get_by_test_id("door-state")).to_have_attribute("data-state", "unlocked")

        sim.get_by_test_id("open").click()
        expect(relay).to_have_attribute("data-energised", "false", timeout=WAIT_MS)
        expect(door.get_by_test_id("door-state")).to_have_attribute("data-state", "open")
        sim.get_by_test_id("close").click()
        expect(door.get_by_test_id("door-state")).to_have_attribute(
            "data-state", "locked", timeout=WAIT_MS
        )
        expect(door.get_by_test_id("idle")).to_be_visible(timeout=WAIT_MS)
        assert store.wiring.strike_energised() is False
        [visit] = store.visits()
        assert visit.door_closed_at is not None
    finally:
        context.close()
