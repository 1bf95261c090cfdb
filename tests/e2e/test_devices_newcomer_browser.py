"""A new owner's walk through the Devices page on a phone (Chromium, 390x844), in Swedish and
English: from the store card's "Enheter" link, what the page says with no controller yet, with a
code made, with the controller online, while a key rotation waits, after the key was rotated
(one controller, "Nyckel bytt"), and when the controller has gone offline. At every step nothing
overflows sideways, every button has a name, and axe passes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.axe import assert_accessible
from tests.backoffice.world import PASSWORD, World, sqlite_world
from tests.browser import WAIT_MS
from tests.servers import serving

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture
WIDTH = 390


def look(page: Page, what: str) -> None:
    """axe, no sideways scrolling, no nameless button."""
    assert_accessible(page, what=what)
    found: dict[str, Any] = page.evaluate(
        """() => ({
            width: document.scrollingElement.scrollWidth,
            nameless: Array.from(document.querySelectorAll('button'))
                .filter(b => !b.innerText.trim() && !b.getAttribute('aria-label')).length,
        })"""
    )
    assert found["width"] <= WIDTH, f"{what}: {found['width']} px wide"
    assert found["nameless"] == 0, what


def both_languages(page: Page, what: str, swedish: str, english: str) -> None:
    expect(page.locator("main")).to_contain_text(swedish)
    look(page, f"{what} (sv)")
    page.get_by_role("button", name="English").click()
    expect(page.locator("main")).to_contain_text(english)
    look(page, f"{what} (en)")
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("main")).to_contain_text(swedish)


def test_a_new_owner_reads_the_devices_page_at_each_step(
    browser: Browser, sqlite_world: World
) -> None:
    world = sqlite_world
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport={"width": WIDTH, "height": 844})
        page.set_default_timeout(WAIT_MS)
        try:
            page.goto(f"{base}/signin")
            page.get_by_label("E-post").fill(world.emails["owner"])
            page.get_by_label("Lösenord").fill(PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.get_by_role("link", name="Enheter").first.click()
            page.wait_for_url(f"{base}/stores/a-1/devices")
            both_languages(
                page,
                "no controller yet",
                "Ingen enhet är ansluten än",
                "No device is connected yet",
            )

            page.get_by_role("button", name="Skapa anslutningskod").click()
            page.wait_for_url(f"{base}/stores/a-1/devices/codes")
            code = page.get_by_test_id("enrollment-code").inner_text()
            look(page, "a code made")

            enrolled = httpx.post(
                f"{base}/api/sync/v1/enroll",
                json={"protocol": 1, "code": code, "software_version": "1.4.1"},
            ).json()
            device = enrolled["device_id"]
            bearer = {"Authorization": f"Bearer {enrolled['token']}"}
            beat = {
                "sent_at": world.clock.now.isoformat(),
                "software_version": "1.4.2",
                "uptime_s": 60,
                "outbox_backlog": 123456,
                "catalog_revision": 0,
                "door": "locked",
                "lock_down": False,
            }
            assert httpx.post(f"{base}/api/sync/v1/heartbeat", json=beat, headers=bearer).is_success
            pulled = httpx.get(
                f"{base}/api/sync/v1/catalog?since=0&features=member_hours,erased,rotate_token",
                headers=bearer,
            )
            assert pulled.status_code == 200
            page.goto(f"{base}/stores/a-1/devices")
            card = page.get_by_test_id(f"device-{device}")
            expect(card.get_by_test_id("state")).to_have_text("Uppkopplad")
            both_languages(page, "one controller online", "Uppkopplad", "Online")
            help_text = page.get_by_test_id("device-help")  # rotate vs revoke, for a newcomer
            expect(help_text).to_contain_text("ingen behöver åka till butiken")
            expect(help_text).to_contain_text("ny kod i butiken")

            card.get_by_role("button", name="Byt nyckel").click()
            page.wait_for_url(f"{base}/stores/a-1/devices?done=rotate")
            both_languages(
                page,
                "a key rotation waiting",
                "väntar på att butiken hör av sig",
                "waiting for the store to call in",
            )

            rotated = httpx.post(f"{base}/api/sync/v1/device/rotate", headers=bearer).json()
            fresh = {"Authorization": f"Bearer {rotated['token']}"}
            assert httpx.get(f"{base}/api/sync/v1/commands", headers=fresh).status_code == 200
            page.goto(f"{base}/stores/a-1/devices")
            card = page.get_by_test_id(f"device-{rotated['device_id']}")
            expect(card.get_by_test_id("rotated")).to_be_visible()
            both_languages(page, "the key rotated", "Nyckel bytt", "Key rotated")

            world.clock.advance(minutes=4)
            page.reload()
            expect(card.get_by_test_id("state")).to_have_text("Nere")
            both_languages(page, "the controller offline", "Nere", "Offline")
        finally:
            page.close()
