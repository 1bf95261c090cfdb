"""At phone size (390x844) in Chromium: the reorder page as the owner, the owner switching the
villagers' page on from the store settings, and that public page as anyone; axe on each, in
Swedish and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.axe import assert_accessible
from tests.backoffice.stock.test_public_page import essentials
from tests.backoffice.world import World, sqlite_world
from tests.browser import WAIT_MS
from tests.e2e.signin import sign_in
from tests.servers import serving

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture


def test_reorder_and_the_villagers_page_at_phone_size(
    browser: Browser, sqlite_world: World
) -> None:
    world = sqlite_world
    essentials(world)
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.set_default_timeout(WAIT_MS)
        try:
            sign_in(page, base, world.emails["owner"])
            page.goto(f"{base}/stores/a-1/stock/reorder")
            expect(page.get_by_role("heading", name="Beställning", exact=True)).to_be_visible()
            assert_accessible(page, what="/stores/a-1/stock/reorder")

            page.goto(f"{base}/stores/a-1/settings")
            page.get_by_label("Visa öppettider och om baslivsmedlen finns i lager").check()
            page.get_by_role("button", name="Spara sidans läge").click()
            page.wait_for_url(f"{base}/stores/a-1/settings?saved=1#public")
            assert_accessible(page, what="/stores/a-1/settings with the public page on")
            page.get_by_role("link", name="/b/a-1").click()
            page.wait_for_url(f"{base}/b/a-1")
            expect(page.get_by_test_id("essentials")).to_contain_text("Limpa: Få kvar")
            assert_accessible(page, what="/b/a-1")
            page.get_by_role("button", name="English").click()
            expect(page.get_by_role("heading", name="In stock now?")).to_be_visible()
            assert_accessible(page, what="/b/a-1 in English")
            page.goto(f"{base}/stores/a-1/stock/reorder")
            assert_accessible(page, what="/stores/a-1/stock/reorder in English")
        finally:
            page.close()

    anonymous = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        with serving(world.backoffice.app) as base:
            anonymous.goto(f"{base}/b/a-1")
            expect(anonymous.get_by_role("heading", name="Finns det nu?")).to_be_visible()
            assert_accessible(anonymous, what="/b/a-1 signed out")
    finally:
        anonymous.close()
