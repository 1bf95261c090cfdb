"""An invitation followed on a phone (390x844) in Chromium: the admin invites a volunteer from
/people, the mail arrives at the demo's mail catcher (a real aiosmtpd SMTP server and its page),
the volunteer opens the link there, sets a password, turns on TOTP, signs out and signs in again
with password and code. axe passes on every page visited, in Swedish: the admin's account page
with the second-factor banner, the invite form, set password, link gone, reset request, BankID."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pyotp
import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, Page, expect

from backoffice.mail.config import MailSettings
from backoffice.signin.config import BankIdSignInSettings
from byabutik.mailcatcher import Catch, SmtpHandler, create_app
from tests.axe import assert_accessible
from tests.backoffice.world import Clock, build
from tests.browser import WAIT_MS
from tests.conftest import free_port
from tests.e2e.signin import SECOND_STEP, sign_in, sign_out
from tests.servers import serving
from tests.store_controller.sync.harness import running_backoffice

pytestmark = pytest.mark.browser
NEW_PASSWORD = "volontärens eget lösenord 9"
VOLUNTEER = "ny-volontar@example.org"


@contextmanager
def mail_catcher() -> Iterator[tuple[Catch, int, str]]:
    """The demo's catcher: (what it caught, its SMTP port, its page's address)."""
    catch = Catch()
    port = free_port()
    smtp = Controller(SmtpHandler(catch), hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        with serving(create_app(catch, port)) as page:
            yield catch, port, page
    finally:
        smtp.stop()


def test_an_invited_volunteer_signs_in_with_a_second_factor(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    clock = Clock()
    url = f"sqlite:///{tmp_path_factory.mktemp('invite') / 'bo.db'}"
    bo_port = free_port()
    base = f"http://127.0.0.1:{bo_port}"
    with (
        mail_catcher() as (catch, smtp_port, catcher),
        running_backoffice(
            url,
            clock=clock,
            public_url=base,
            mail=MailSettings(
                host="127.0.0.1", port=smtp_port, tls="none", sender="bo@example.org"
            ),
            bankid=BankIdSignInSettings(enabled=True, environment="simulator"),
        ) as backoffice,
    ):
        world = build(backoffice, clock)
        with serving(backoffice.app, port=bo_port):
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.set_default_timeout(WAIT_MS)
            try:
                invite(page, base, world.emails["admin"])
                link = accept(page, catcher, catch)
                secret = turn_on_totp(page, clock)
                sign_out(page, base)
                clock.advance(seconds=30)
                sign_in_with_code(page, base, clock, secret)
                sign_out(page, base)
                pages_without_a_session(page, base, link)
            finally:
                page.close()


def invite(page: Page, base: str, admin: str) -> None:
    sign_in(page, base, admin, axe=True)
    banner = page.get_by_role("note")
    expect(banner).to_contain_text("skydda kontot")
    banner.get_by_role("link").click()
    page.wait_for_url(f"{base}/account")
    expect(page.get_by_role("heading", name="Konto", exact=True)).to_be_visible()
    assert_accessible(page, what="account with the banner")
    page.get_by_role("link", name="Personer").click()
    page.wait_for_url(f"{base}/people")
    assert_accessible(page, what="people and the invite form")
    form = page.locator("form[action='/people/invite']")
    form.get_by_label("E-post").fill(VOLUNTEER)
    form.get_by_label("Namn").fill("Nya Volontären")
    form.get_by_label("Volontär, A ett").check()
    form.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.get_by_role("status")).to_have_text("Inbjudan skickad.")
    sign_out(page, base)


def accept(page: Page, catcher: str, catch: Catch) -> str:
    """Open the mail at the catcher, follow its link, choose a password; returns the link."""
    assert catch.wait_for_mail(lambda m: m.rcpt_to == [VOLUNTEER], timeout=WAIT_MS / 1000)
    assert len(catch.mails()) == 1
    page.goto(catcher)
    link = page.locator("pre a").first
    href = link.get_attribute("href") or ""
    assert "/invite/" in href
    link.click()
    expect(page.get_by_role("heading", name="Välkommen")).to_be_visible()
    expect(page.get_by_text(VOLUNTEER)).to_be_visible()
    assert_accessible(page, what="set password")
    page.get_by_label("Lösenord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.get_by_role("heading", name="Konto", exact=True)).to_be_visible()
    expect(page.get_by_role("note")).to_have_count(0)  # a volunteer gets no banner
    return href


def turn_on_totp(page: Page, clock: Clock) -> str:
    page.get_by_role("button", name="Slå på").click()
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("Kod från appen eller en reservkod").fill(pyotp.TOTP(secret).at(clock.now))
    page.get_by_role("button", name="Slå på").click()
    expect(page.get_by_test_id("recovery-codes")).to_be_visible()
    return secret


def sign_in_with_code(page: Page, base: str, clock: Clock, secret: str) -> None:
    sign_in(page, base, VOLUNTEER, password=NEW_PASSWORD, lands_on=SECOND_STEP)
    expect(page.get_by_role("heading", name="Andra steget")).to_be_visible()
    page.get_by_label("Kod från appen eller en reservkod").fill(pyotp.TOTP(secret).at(clock.now))
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", name="A ett")).to_be_visible()
    expect(page.get_by_role("heading", name="A två")).to_have_count(0)


def pages_without_a_session(page: Page, base: str, link: str) -> None:
    answer = page.goto(link)
    assert answer is not None
    assert answer.status == 410
    expect(page.get_by_role("heading", name="Länken fungerar inte")).to_be_visible()
    assert_accessible(page, what="link gone")
    page.get_by_role("link", name="Glömt lösenordet").click()
    expect(page.get_by_role("heading", name="Glömt lösenordet")).to_be_visible()
    assert_accessible(page, what="reset request")
    page.goto(f"{base}/signin/bankid")
    expect(page.get_by_role("heading", name="Logga in med BankID")).to_be_visible()
    assert_accessible(page, what="BankID sign-in")
