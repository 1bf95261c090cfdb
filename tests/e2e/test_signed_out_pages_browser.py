"""Every page a person sees before signing in, at 390x844 in Chromium, in Swedish and then in
English (after tapping "English" on the sign-in page): staff sign-in, BankID sign-in, the
members' sign-in, the password-reset request, an invitation and a reset link that still work,
and a store's public page. Each: no server error, an <h1>, the page's language, no sideways
scroll, no serious or critical axe finding (the checks of the every-page walk)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from backoffice.audit.service import Actor
from backoffice.people.links import Purpose, issue
from backoffice.people.models import Person
from backoffice.signin.config import BankIdSignInSettings
from backoffice.stock.public_page import set_public
from backoffice.stores.models import Store
from tests.backoffice.world import Clock, World, build
from tests.browser import WAIT_MS
from tests.e2e.page_walk import HEIGHT, WIDTH, Walk, check
from tests.servers import serving
from tests.store_controller.sync.harness import running_backoffice

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_out_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, list[str]]]:
    """A world with BankID sign-in on, store a-1's public page on, and an open invitation and
    password-reset link; with the signed-out paths to open."""
    clock = Clock()
    url = f"sqlite:///{tmp_path_factory.mktemp('signed-out') / 'bo.db'}"
    bankid = BankIdSignInSettings(enabled=True, environment="simulator")
    with running_backoffice(url, clock=clock, bankid=bankid) as backoffice:
        world = build(backoffice, clock)
        with backoffice.sessions.begin() as session:
            store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
            set_public(session, store, True, actor=Actor("test"), now=clock.now)
            people = {
                name: session.scalars(select(Person).where(Person.email == email)).one()
                for name, email in world.emails.items()
            }
            day = timedelta(days=1)
            invite = issue(
                session, person=people["volunteer"], purpose=Purpose.INVITE, lifetime=day,
                now=clock.now,
            )  # fmt: skip
            reset = issue(
                session, person=people["bookkeeper"], purpose=Purpose.RESET, lifetime=day,
                now=clock.now,
            )  # fmt: skip
        paths = [
            "/signin",
            "/signin/bankid",
            "/me/signin",
            "/reset",
            f"/invite/{invite}",
            f"/reset/{reset}",
            "/b/a-1",
        ]
        yield world, paths


def test_signed_out_pages_in_swedish_and_english(
    browser: Browser, signed_out_world: tuple[World, list[str]]
) -> None:
    world, paths = signed_out_world
    problems: list[str] = []
    with serving(world.backoffice.app) as base:
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        try:
            for lang in ("sv", "en"):
                if lang == "en":
                    page.goto(f"{base}/signin")
                    page.get_by_role("button", name="English").click()
                    expect(page.locator("html")).to_have_attribute("lang", "en")
                walk = Walk(base, "/signin", lang)
                for path in paths:
                    check(page, walk, base + path)
                problems += [f"({lang}) {p}" for p in walk.problems]
                assert walk.visited == paths
        finally:
            context.close()
    assert not problems, "\n".join(problems)
