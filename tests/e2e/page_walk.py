"""The walk of every page (tests/e2e/test_every_page_*_browser.py), as an outside reviewer walks
the backoffice on a phone (Chromium, 390x844): for one kind of person, a bounded breadth-first
walk of the same-origin links from the start page, the main menu included. Each page answers
without a server error, has a heading (h1), says its language (`<html lang>`), does not scroll
sideways at 390 px and passes axe.

The world is demo-like: stores with products and stock, trading and a Z-report, a member with
an account purchase, an invoice and an erasure request, and an open alert. Pages of one kind
(the same path but for its ids) are walked once per person, so the walk stays short. The
people's walks are split over two test files so the suite's two workers share them."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, BrowserContext, Page, expect

from backoffice.members.me_models import ErasureRequest, MemberSession
from tests.axe import AXE_JS, axe_violations
from tests.backoffice.members.test_invoices import DETAILS
from tests.backoffice.members.test_member_pages import MEMBER, a_visit, device, on_account, push
from tests.backoffice.reports.seed import seed_trading
from tests.backoffice.stock.test_stock_pages import stock_it
from tests.backoffice.world import World, sqlite_world
from tests.browser import WAIT_MS
from tests.e2e.signin import sign_in
from tests.store_controller.sync.harness import ADMIN

__all__ = ["demo", "sqlite_world"]  # the fixtures
WIDTH, HEIGHT = 390, 844
PAGES_PER_PERSON = 45
SKIP = re.compile(
    r"/(signout|logout|sim)(/|$)|/api/|/static/|/download|/export$|\.(pdf|csv|si|txt|json|zip)$"
)
"""Links the walk does not follow: sign-out, the simulators, the API, files to download."""
ID = re.compile(r"^(\d+|[0-9a-f]{8,}|[0-9a-f-]{36}|[ab]-\d|p-[a-z]+)$")
"""Path parts that name one thing: numbers, hashes, UUIDs, this world's stores and products."""


def kind_of(path: str) -> str:
    """The page's kind: its path with ids replaced, so /invoices/7 and /invoices/8 are one."""
    return "/".join(":id" if ID.match(part) else part for part in path.split("/"))


@dataclass
class Walk:
    base: str
    start: str
    lang: str
    seen: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)


@pytest.fixture
def demo(sqlite_world: World) -> World:
    """The access-test world with a shop's worth of things in store a-1."""
    world = sqlite_world
    stock_it(world)
    seed_trading(world)
    token = device(world)
    push(world, token, [a_visit()], start=1)
    api = TestClient(world.backoffice.app)
    approved = api.put(
        f"/api/admin/stores/a-1/members/{MEMBER}/approval",
        json={"credit_limit_ore": 50_000},
        headers=ADMIN,
    )
    assert approved.status_code == 200, approved.text
    push(world, token, [on_account(7, 12_950)], start=2)
    details = api.put("/api/admin/stores/a-1/association/invoicing", json=DETAILS, headers=ADMIN)
    assert details.status_code == 200, details.text
    world.clock.advance(days=30)
    made = api.post(
        f"/api/admin/stores/a-1/members/{MEMBER}/invoices",
        json={"period": "2026-05"},
        headers=ADMIN,
    )
    assert made.status_code == 201, made.text
    with world.backoffice.sessions.begin() as session:  # the member asked to be erased
        session.add(
            ErasureRequest(
                association_id=1,
                identity_hash=MEMBER,
                reason="Jag flyttar",
                requested_at=world.clock.now,
            )
        )
    return world


def member_cookie(world: World, base: str) -> dict[str, str]:
    """A member's live /me session (as BankID would have started it), as a browser cookie."""
    token = secrets.token_urlsafe(32)
    with world.backoffice.sessions.begin() as session:
        session.add(
            MemberSession(
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                identity_hash=MEMBER,
                csrf_token=secrets.token_urlsafe(32),
                created_at=world.clock.now,
                last_seen_at=world.clock.now,
            )
        )
    return {"name": "byabutik_member", "value": token, "url": base}


def check(page: Page, walk: Walk, url: str) -> list[str]:
    """Open `url`, note what is wrong with it; the page's same-origin links."""
    response = page.goto(url)
    status = response.status if response is not None else 0
    where = url.removeprefix(walk.base)
    walk.visited.append(where)
    if status >= 500 or status == 0:
        walk.problems.append(f"{where}: HTTP {status}")
        return []
    if status >= 400:
        walk.problems.append(f"{where}: HTTP {status} from a link on the app's own pages")
    page.wait_for_load_state("load")
    found = page.evaluate(
        """() => ({
            h1: document.querySelectorAll('h1').length,
            lang: document.documentElement.lang,
            width: document.scrollingElement.scrollWidth,
            wide: Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .filter(e => {
                    if (getComputedStyle(e).position === 'absolute') return true;
                    for (let up = e.parentElement; up; up = up.parentElement) {
                        if (getComputedStyle(up).overflowX !== 'visible') return false;
                    }
                    return true;
                })
                .slice(0, 4).map(e => e.tagName + (e.id ? '#' + e.id : '')
                    + (e.className ? '.' + e.className : '')),
            links: Array.from(document.querySelectorAll('a[href]'))
                .filter(a => !a.hasAttribute('download')).map(a => a.href),
        })"""
    )
    if found["h1"] < 1:
        walk.problems.append(f"{where}: no <h1>")
    if found["lang"] != walk.lang:
        walk.problems.append(f"{where}: <html lang={found['lang']!r}>, expected {walk.lang!r}")
    if found["width"] > WIDTH:
        walk.problems.append(f"{where}: {found['width']} px wide at {WIDTH}: {found['wide']}")
    for v in axe_violations(page):
        if v.get("impact") in ("serious", "critical"):
            nodes = [n.get("target") for n in v.get("nodes", [])][:3]
            walk.problems.append(f"{where}: axe {v['id']} ({v['impact']}) {nodes}")
    return [str(link) for link in found["links"]]


def crawl(page: Page, walk: Walk) -> None:
    """Breadth-first over same-origin GET links from the start page, one page of each kind."""
    queue = deque([walk.base + walk.start])
    while queue and len(walk.visited) < PAGES_PER_PERSON:
        url, _ = urldefrag(queue.popleft())
        path = urlsplit(url).path
        if kind_of(path) in walk.seen:
            continue
        walk.seen.add(kind_of(path))
        for link in check(page, walk, url):
            parts = urlsplit(link)
            if f"{parts.scheme}://{parts.netloc}" != walk.base or SKIP.search(parts.path):
                continue
            if walk.start == "/me" and not parts.path.startswith("/me"):
                continue  # a member's walk stays on their own pages
            if kind_of(parts.path) not in walk.seen:
                queue.append(link)


def walk_as(context: BrowserContext, base: str, start: str, lang: str = "sv") -> Walk:
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    walk = Walk(base, start, lang)
    try:
        crawl(page, walk)
    finally:
        page.close()
    return walk


def phone(browser: Browser) -> BrowserContext:
    """A phone-sized context whose every page starts with axe-core loaded: the browser runs it
    as each page starts instead of the test sending it over and evaluating it after each load
    (about half of axe's time on a page)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    context.add_init_script(path=AXE_JS)
    return context


def staff(browser: Browser, base: str, email: str) -> BrowserContext:
    context = phone(browser)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    sign_in(page, base, email)
    page.close()
    return context


def staff_walks(
    browser: Browser, base: str, world: World, people: tuple[str, ...]
) -> tuple[list[str], dict[str, list[str]]]:
    """Each of `people`'s walk from the start page (the owner's again in English): problems,
    pages."""
    problems: list[str] = []
    visited: dict[str, list[str]] = {}
    for who in people:
        context = staff(browser, base, world.emails[who])
        try:
            walk = walk_as(context, base, "/")
            if who == "owner":  # the owner's pages again, in English
                page = context.new_page()
                page.goto(f"{base}/")
                page.get_by_role("button", name="English").click()
                expect(page.locator("html")).to_have_attribute("lang", "en")
                page.close()
                english = walk_as(context, base, "/", lang="en")
                problems += [f"owner (en) {p}" for p in english.problems]
                visited["owner (en)"] = english.visited
        finally:
            context.close()
        problems += [f"{who} {p}" for p in walk.problems]
        visited[who] = walk.visited
    return problems, visited


def report(visited: dict[str, list[str]]) -> None:
    print({who: len(pages) for who, pages in visited.items()})
    for who, pages in visited.items():
        print(who, pages)
