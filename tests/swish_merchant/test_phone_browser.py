"""The simulator's phone page in Chromium: a tester pays one request and declines another."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from retail import Money
from swish_merchant.client import SwishClient
from swish_merchant.models import SwishStatus
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.browser import WAIT_MS
from tests.conftest import free_port

pytestmark = pytest.mark.browser


@pytest.fixture
def phone_sim(tmp_path: Path) -> Iterator[EmbeddedSwishSimulator]:
    running = EmbeddedSwishSimulator.start(
        cert_dir=tmp_path / "swish", port=free_port(), phone_port=free_port()
    )
    try:
        yield running
    finally:
        running.stop()


def _create(sim: EmbeddedSwishSimulator, reference: str, kronor: int) -> tuple[str, str]:
    async def create() -> tuple[str, str]:
        config = sim.config(callback_url="https://127.0.0.1:9/cb")
        async with SwishClient.from_config(config) as swish:
            created = await swish.create_payment_request(
                reference=reference, amount=Money.kronor(kronor), message="Byabutik"
            )
        assert created.token is not None
        return created.id, created.token

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API owns this thread's loop
        return pool.submit(asyncio.run, create()).result()


def test_pay_and_decline_on_the_phone_page(
    browser: Browser, phone_sim: EmbeddedSwishSimulator
) -> None:
    paid_id, token = _create(phone_sim, "browser-1", 42)
    declined_id, _ = _create(phone_sim, "browser-2", 17)
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.set_default_timeout(WAIT_MS)
    try:
        page.goto(phone_sim.phone_url)
        page.fill("#qr", f"D{token}")
        page.click("#scan")
        paid_card = page.locator(f'[data-id="{paid_id}"]')
        expect(paid_card).to_contain_text("42,00 kr", timeout=WAIT_MS)
        paid_card.get_by_role("button", name="Betala").click()
        expect(paid_card).to_contain_text("PAID", timeout=WAIT_MS)
        declined_card = page.locator(f'[data-id="{declined_id}"]')
        declined_card.get_by_role("button", name="Avböj").click()
        expect(declined_card).to_contain_text("DECLINED", timeout=WAIT_MS)
    finally:
        page.close()
    store = phone_sim.simulator.store
    assert store.get(paid_id).status is SwishStatus.PAID
    assert store.get(declined_id).status is SwishStatus.DECLINED
