"""Passkeys in Chromium at 390x844 with the DevTools virtual authenticator (a platform passkey
with user verification, as a phone's): an owner adds a passkey on the account page, signs out,
signs in with password and then the passkey (the app's second step), sees it listed with when it
was last used, removes it, and the next sign-in needs no second step. axe passes on every page.

WebAuthn refuses an IP address as the relying party's id, so the browser opens the backoffice as
http://localhost:<port> (a secure context, like https)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, CDPSession, Page, expect

from tests.axe import assert_accessible
from tests.backoffice.world import World, sqlite_world
from tests.browser import WAIT_MS
from tests.e2e.signin import SECOND_STEP, sign_in, sign_out
from tests.servers import serving

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture
KEY_NAME = "Min telefon"


def virtual_authenticator(page: Page) -> tuple[CDPSession, str]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    made: dict[str, Any] = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, str(made["authenticatorId"])


def credentials(cdp: CDPSession, authenticator: str) -> list[dict[str, Any]]:
    found: dict[str, Any] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    return list(found["credentials"])


def open_account(page: Page, base: str) -> None:
    page.get_by_role("link", name="Konto", exact=True).click()
    page.wait_for_url(f"{base}/account")
    expect(page.get_by_role("heading", name="Konto", exact=True)).to_be_visible()
    assert page.title() == "Konto · Byabutik"


def test_add_a_passkey_sign_in_with_it_and_remove_it(browser: Browser, sqlite_world: World) -> None:
    world = sqlite_world
    email = world.emails["owner"]
    with serving(world.backoffice.app) as served:
        base = served.replace("127.0.0.1", "localhost")
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.set_default_timeout(WAIT_MS)
        try:
            cdp, authenticator = virtual_authenticator(page)

            # Add: the owner has no second factor yet, so signs in with the password alone.
            sign_in(page, base, email, axe=True)
            expect(page.get_by_role("note")).to_contain_text("skydda kontot")
            open_account(page, base)
            assert_accessible(page, what="account before a passkey")
            page.get_by_label("Namn på nyckeln").fill(KEY_NAME)
            page.get_by_role("button", name="Lägg till nyckel").click()
            keys = page.get_by_test_id("passkeys")
            expect(keys).to_contain_text(KEY_NAME)
            expect(keys).not_to_contain_text("senast använd")
            expect(page.get_by_role("note")).to_have_count(0)  # a passkey protects the account
            assert len(credentials(cdp, authenticator)) == 1
            assert_accessible(page, what="account with a passkey")
            sign_out(page, base)

            # Sign in: the password, then the passkey as the second step (no code form).
            world.clock.advance(seconds=30)
            sign_in(page, base, email, lands_on=SECOND_STEP, axe=True)
            expect(page.get_by_role("heading", name="Andra steget")).to_be_visible()
            expect(page.get_by_label("Kod från appen eller en reservkod")).to_have_count(0)
            assert_accessible(page, what="second step with a passkey")
            page.get_by_role("button", name="Använd din nyckel").click()
            page.wait_for_url(f"{base}/")
            expect(page.get_by_role("heading", name="A ett")).to_be_visible()
            assert_accessible(page, what="home after the passkey")
            assert credentials(cdp, authenticator)[0]["signCount"] >= 1

            # Listed with its last use; removed.
            open_account(page, base)
            expect(keys).to_contain_text(KEY_NAME)
            expect(keys).to_contain_text("senast använd")
            assert_accessible(page, what="account after signing in with the passkey")
            page.get_by_role("button", name=f"Ta bort {KEY_NAME}").click()
            page.wait_for_url(f"{base}/account")
            expect(keys).to_have_count(0)
            expect(page.get_by_role("note")).to_contain_text("skydda kontot")
            assert_accessible(page, what="account after removing the passkey")
            sign_out(page, base)

            # Without a passkey the password is enough again.
            world.clock.advance(seconds=30)
            sign_in(page, base, email, axe=True)
            expect(page.get_by_role("heading", name="A ett")).to_be_visible()
        finally:
            page.close()
