"""Alert settings and the rota in Chromium at phone size (390x844): a volunteer chooses how the
store's alerts reach them (SMS number, quiet hours) from the navigation; the owner puts them on
watch in the rota and adds an exception; axe passes on /account/alerts, /stores/a-1/rota and
/account (with its Web Push section), in Swedish and English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.axe import assert_accessible
from tests.backoffice.world import Clock, World, build
from tests.browser import WAIT_MS
from tests.e2e.signin import sign_in
from tests.servers import serving
from tests.store_controller.sync.harness import running_backoffice

pytestmark = pytest.mark.browser


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    clock = Clock()  # Monday 4 May 2026, 10:00 in Sweden
    url = f"sqlite:///{tmp_path / 'bo.db'}"
    with running_backoffice(url, clock=clock, data_dir=tmp_path / "data") as backoffice:
        yield build(backoffice, clock)


def signed_in(browser: Browser, base: str, email: str) -> Page:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(WAIT_MS)
    sign_in(page, base, email)
    return page


def test_a_volunteer_sets_their_alerts_and_the_owner_puts_them_on_watch(
    browser: Browser, world: World
) -> None:
    with serving(world.backoffice.app) as base:
        page = signed_in(browser, base, world.emails["volunteer"])
        try:
            page.get_by_role("navigation", name="Huvudmeny").get_by_role(
                "link", name="Mina larm"
            ).click()
            page.wait_for_url(f"{base}/account/alerts")
            assert_accessible(page, what="/account/alerts")
            form = page.get_by_test_id("settings-a-1")
            form.get_by_label("Ta emot larm från butiken").check()
            form.get_by_label("SMS", exact=True).check()
            form.get_by_label("Mobilnummer för SMS (+46…)").fill("+46701234567")
            form.get_by_label("Från", exact=True).fill("22:00")
            form.get_by_label("Till", exact=True).fill("07:00")
            form.get_by_role("button", name="Spara").click()
            page.wait_for_url(f"{base}/account/alerts?saved=a-1#store-a-1")
            expect(page.get_by_test_id("saved")).to_be_visible()
            form = page.get_by_test_id("settings-a-1")
            expect(form.get_by_label("SMS", exact=True)).to_be_checked()
            expect(form.get_by_label("Från", exact=True)).to_have_value("22:00")
            assert_accessible(page, what="/account/alerts after a save")
            page.get_by_role("button", name="English").click()
            expect(page.get_by_role("heading", name="My alerts")).to_be_visible()
            assert_accessible(page, what="/account/alerts in English")

            page.goto(f"{base}/account")
            expect(page.locator("#push-h")).to_be_visible()
            assert_accessible(page, what="/account with its push section")
        finally:
            page.close()

        owner = signed_in(browser, base, world.emails["owner"])
        try:
            owner.goto(f"{base}/stores/a-1/settings")
            owner.get_by_role("link", name="Jourlista").click()
            owner.wait_for_url(f"{base}/stores/a-1/rota")
            expect(owner.get_by_test_id("watching")).to_contain_text("Ingen har jouren nu")
            assert_accessible(owner, what="/stores/a-1/rota, empty")
            shift = owner.get_by_test_id("add-shift")
            shift.get_by_label("Vem").select_option(label="volunteer")
            shift.get_by_label("Dag").select_option(label="Måndag")
            shift.get_by_label("Från", exact=True).fill("08:00")
            shift.get_by_label("Till", exact=True).fill("12:00")
            shift.get_by_role("button", name="Lägg till pass").click()
            expect(owner.get_by_test_id("watching")).to_have_text("volunteer")
            expect(owner.get_by_test_id("shifts")).to_contain_text("08:00–12:00")

            extra = owner.get_by_test_id("add-exception")
            extra.get_by_label("Vem").select_option(label="volunteer")
            extra.get_by_label("Från", exact=True).fill("2026-05-05T18:00")
            extra.get_by_label("Till", exact=True).fill("2026-05-05T23:00")
            extra.get_by_role("button", name="Lägg till undantag").click()
            expect(owner.get_by_test_id("exceptions")).to_contain_text("2026-05-05 18:00")
            assert_accessible(owner, what="/stores/a-1/rota with a shift and an exception")
            owner.get_by_role("button", name="English").click()
            expect(owner.get_by_text("On watch now")).to_be_visible()
            assert_accessible(owner, what="/stores/a-1/rota in English")
        finally:
            owner.close()
