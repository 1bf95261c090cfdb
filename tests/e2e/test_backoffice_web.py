"""The backoffice web app in Chromium, at phone and desktop size: sign in with a second factor,
sign out, an owner unlocks a door with a reason and the admin finds it in the audit log; every
page of the shell passes axe with no serious or critical finding."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import Browser, expect

from tests.axe import assert_accessible
from tests.backoffice.world import World, sqlite_world
from tests.browser import WAIT_MS
from tests.e2e.signin import SECOND_STEP, sign_in, sign_out
from tests.servers import serving

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture
SIZES = [(390, 844), (1280, 800)]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_second_factor_unlock_and_the_audit_log(
    browser: Browser, sqlite_world: World, width: int, height: int
) -> None:
    world = sqlite_world
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.set_default_timeout(WAIT_MS)
        try:
            sign_in(page, base, world.emails["owner"], axe=True)
            expect(page.get_by_role("heading", name="A ett")).to_be_visible()
            assert_accessible(page, what="home")
            banner = page.get_by_role("note")  # an owner without a second factor is told
            expect(banner).to_contain_text("skydda kontot")
            page.get_by_role("link", name="Konto", exact=True).click()
            page.get_by_role("button", name="Slå på").click()
            secret = page.get_by_test_id("totp-secret").inner_text()
            page.get_by_label("Kod från appen eller en reservkod").fill(
                pyotp.TOTP(secret).at(world.clock.now)
            )
            page.get_by_role("button", name="Slå på").click()
            expect(page.get_by_test_id("recovery-codes")).to_be_visible()
            expect(page.get_by_role("note")).to_have_count(0)  # the banner is gone
            assert_accessible(page, what="account")
            sign_out(page, base)

            world.clock.advance(seconds=30)
            sign_in(page, base, world.emails["owner"], lands_on=SECOND_STEP, axe=True)
            expect(page.get_by_role("heading", name="Andra steget")).to_be_visible()
            assert_accessible(page, what="second step")
            page.get_by_label("Kod från appen eller en reservkod").fill(
                pyotp.TOTP(secret).at(world.clock.now)
            )
            page.get_by_role("button", name="Fortsätt").click()
            expect(page.get_by_role("heading", name="A ett")).to_be_visible()
            page.get_by_label("Anledning").fill("Leverans från Dagab")
            page.get_by_role("button", name="Lås upp dörren").click()
            expect(page.get_by_role("status")).to_have_text("Dörren låses upp.")
            page.get_by_role("button", name="English").click()
            expect(page.get_by_role("link", name="Account", exact=True)).to_be_visible()
            page.get_by_role("button", name="Svenska").click()
            sign_out(page, base)

            sign_in(page, base, world.emails["admin"], axe=True)
            for name, path in (("Butiker", "/stores"), ("Personer", "/people"), ("Logg", "/audit")):
                page.get_by_role("link", name=name).click()
                page.wait_for_url(f"{base}{path}")
                assert_accessible(page, what=path)
            page.get_by_label("Åtgärd").fill("door.unlock")
            page.get_by_role("button", name="Filtrera").click()
            expect(page.get_by_role("cell", name="Leverans från Dagab")).to_be_visible()
            expect(page.get_by_role("cell", name=world.emails["owner"])).to_be_visible()
            sign_out(page, base)
        finally:
            page.close()
