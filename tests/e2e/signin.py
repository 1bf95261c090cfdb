"""Signing in to the backoffice as a person does it in the browser: open the sign-in page, type
the e-mail and the password into the fields their labels name, press "Logga in" and wait for the
page the app lands on. Through the page itself, never a session cookie made behind its back."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.axe import assert_accessible
from tests.backoffice.world import PASSWORD
from tests.browser import WAIT_MS

HOME = "/"  # where a person without a second factor lands when no `next` was asked for
SECOND_STEP = "/signin/second-factor?next=/"  # where one with TOTP or a passkey lands instead


def submit_password(page: Page, email: str, password: str = PASSWORD) -> None:
    """On a sign-in page already open: fill in the e-mail and the password, press "Logga in"."""
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def sign_in(
    page: Page,
    base: str,
    email: str,
    *,
    password: str = PASSWORD,
    lands_on: str = HOME,
    axe: bool = False,
) -> None:
    """Open `base`/signin, sign in with the password and wait for `lands_on` (a path under
    `base`); with `axe`, the sign-in page must first pass axe."""
    page.goto(f"{base}/signin")
    if axe:
        assert_accessible(page, what="sign-in")
    submit_password(page, email, password)
    page.wait_for_url(f"{base}{lands_on}")


def sign_out(page: Page, base: str) -> None:
    """Press "Logga ut" and wait for the sign-in page it leads to."""
    page.get_by_role("button", name="Logga ut").first.click()
    page.wait_for_url(f"{base}/signin**", timeout=WAIT_MS)
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible(timeout=WAIT_MS)
