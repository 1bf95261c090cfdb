"""What the devices browser tests share: the owner signed in on a phone, a controller enrolled
with a code the owner made on the devices page, calling in as a real one does (heartbeat,
catalog pull naming its features, command pull and acknowledgement), and the look at each step
(axe, nothing wider than the phone, every button named) in Swedish and English."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.axe import assert_accessible
from tests.backoffice.world import World
from tests.browser import WAIT_MS
from tests.e2e.signin import sign_in
from tests.servers import serving
from tests.waits import WAIT_S

WIDTH = 390
"""The phone's width in CSS pixels (390x844)."""


@dataclass(frozen=True)
class Controller:
    """A store controller as the backoffice sees it over the sync API."""

    base: str
    device_id: int
    token: str

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def heartbeat(
        self, at: datetime, *, version: str = "1.4.2", outbox: int = 0, revision: int = 0
    ) -> None:
        beat = {
            "sent_at": at.isoformat(),
            "software_version": version,
            "uptime_s": 60,
            "outbox_backlog": outbox,
            "catalog_revision": revision,
            "door": "locked",
            "lock_down": False,
        }
        sent = httpx.post(
            f"{self.base}/api/sync/v1/heartbeat", json=beat, headers=self.bearer, timeout=WAIT_S
        )
        assert sent.status_code == 204, sent.text

    def name_features(self, *features: str) -> None:
        """A catalog pull naming `features` (what the page offers depends on them)."""
        url = f"{self.base}/api/sync/v1/catalog?since=0&features={','.join(features)}"
        assert httpx.get(url, headers=self.bearer, timeout=WAIT_S).status_code == 200

    def commands(self) -> list[dict[str, Any]]:
        listed = httpx.get(f"{self.base}/api/sync/v1/commands", headers=self.bearer, timeout=WAIT_S)
        assert listed.status_code == 200, listed.text
        found: list[dict[str, Any]] = listed.json()["commands"]
        return found

    def acknowledge(self, command_id: str, status: str, at: datetime, detail: str = "") -> None:
        ack = {"command_id": command_id, "status": status, "at": at.isoformat(), "detail": detail}
        url = f"{self.base}/api/sync/v1/commands/{command_id}/ack"
        answer = httpx.post(url, json=ack, headers=self.bearer, timeout=WAIT_S)
        assert answer.status_code == 204, answer.text


@contextmanager
def owner_on_phone(browser: Browser, world: World) -> Iterator[tuple[str, Page]]:
    """The backoffice served (its base URL) and a phone-sized page (390x844) signed in as the
    store's owner, closed afterwards."""
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport={"width": WIDTH, "height": 844})
        page.set_default_timeout(WAIT_MS)
        try:
            sign_in(page, base, world.emails["owner"])
            yield base, page
        finally:
            page.close()


@contextmanager
def on_devices_page(browser: Browser, world: World) -> Iterator[tuple[str, Page]]:
    """`owner_on_phone`, gone to store a-1's devices page through its "Enheter" link."""
    with owner_on_phone(browser, world) as (base, page):
        page.get_by_role("link", name="Enheter").first.click()
        page.wait_for_url(f"{base}/stores/a-1/devices")
        yield base, page


def make_code(page: Page, base: str, slug: str = "a-1") -> str:
    """Press "Skapa anslutningskod" on the devices page: the code it shows once."""
    page.get_by_role("button", name="Skapa anslutningskod").click()
    page.wait_for_url(f"{base}/stores/{slug}/devices/codes")
    return page.get_by_test_id("enrollment-code").inner_text()


def enroll(base: str, code: str, version: str = "1.4.1") -> Controller:
    """The controller typed `code` (`byabutik controller enroll`)."""
    answer = httpx.post(
        f"{base}/api/sync/v1/enroll",
        json={"protocol": 1, "code": code, "software_version": version},
        timeout=WAIT_S,
    )
    assert answer.status_code == 200, answer.text
    enrolled = answer.json()
    return Controller(base, int(enrolled["device_id"]), str(enrolled["token"]))


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
    """`swedish` shown and the look passes; the same in English; back to Swedish."""
    expect(page.locator("main")).to_contain_text(swedish)
    look(page, f"{what} (sv)")
    page.get_by_role("button", name="English").click()
    expect(page.locator("main")).to_contain_text(english)
    look(page, f"{what} (en)")
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("main")).to_contain_text(swedish)
