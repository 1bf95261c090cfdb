"""Store settings in Chromium at phone size (390x844), as the store's owner: from the navigation
to the store's settings, the access policy edited (minimum age, lock-down) and saved; the page
passes axe before and after, in Swedish and English; the store's catalog pull carries the rules."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Browser, expect

from retail import wire
from tests.axe import assert_accessible
from tests.backoffice.world import PASSWORD, World, sqlite_world
from tests.browser import WAIT_MS
from tests.e2e.test_catalog_browser import device_token
from tests.servers import serving

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture


def pulled_rules(base: str, token: str) -> wire.PolicyRules:
    answer = httpx.get(
        f"{base}/api/sync/v1/catalog",
        params={"since": 0},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    policy = wire.CatalogChanges.model_validate(answer.json()).access_policy
    assert policy is not None
    return policy.typed()


def test_the_owner_locks_the_store_down_from_a_phone(browser: Browser, sqlite_world: World) -> None:
    world = sqlite_world
    token = device_token(world)
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.set_default_timeout(WAIT_MS)
        try:
            page.goto(f"{base}/signin")
            page.get_by_label("E-post").fill(world.emails["owner"])
            page.get_by_label("Lösenord").fill(PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.get_by_role("navigation", name="Huvudmeny").get_by_role(
                "link", name="Butiker"
            ).click()
            page.wait_for_url(f"{base}/stores")
            page.locator('a[href="/stores/a-1/settings"]').click()
            page.wait_for_url(f"{base}/stores/a-1/settings")
            assert_accessible(page, what="/stores/a-1/settings")

            page.get_by_label("Lägsta ålder (år)").fill("20")
            page.get_by_label("Stängd för alla (låst läge)").check()
            page.get_by_role("button", name="Spara regler").click()
            page.wait_for_url(f"{base}/stores/a-1/settings?saved=1#policy")
            expect(page.get_by_label("Stängd för alla (låst läge)")).to_be_checked()
            expect(page.get_by_test_id("applied")).to_contain_text("Väntar")
            assert_accessible(page, what="/stores/a-1/settings after a save")

            rules = pulled_rules(base, token)
            assert (rules.lockdown, rules.minimum_age) == (True, 20)

            page.get_by_role("button", name="English").click()
            expect(page.get_by_role("heading", name="Who may enter")).to_be_visible()
            assert_accessible(page, what="/stores/a-1/settings in English")
        finally:
            page.close()
