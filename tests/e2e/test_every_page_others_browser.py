"""Every page as the volunteer, the bookkeeper and a member on /me: see `tests.e2e.page_walk`;
the admin and the owner walk in test_every_page_browser.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.backoffice.world import World
from tests.e2e.page_walk import (
    demo,
    member_cookie,
    phone,
    report,
    sqlite_world,
    staff_walks,
    walk_as,
)
from tests.servers import serving

# About 65 pages each, every one loaded and checked by axe-core: 70 s on a loaded CI worker,
# so the hang detector allows more than the suite's 120 s (each page has its own wait).
pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
__all__ = ["demo", "sqlite_world"]  # the fixtures


def test_every_page_as_a_volunteer_a_bookkeeper_and_a_member(browser: Browser, demo: World) -> None:
    with serving(demo.backoffice.app) as base:
        problems, visited = staff_walks(browser, base, demo, ("volunteer", "bookkeeper"))
        member = phone(browser)
        try:
            member.add_cookies([member_cookie(demo, base)])  # type: ignore[list-item]
            walk = walk_as(member, base, "/me")
        finally:
            member.close()
        problems += [f"member {p}" for p in walk.problems]
        visited["member"] = walk.visited
    report(visited)
    assert len(visited["volunteer"]) >= 4, visited["volunteer"]
    assert len(visited["member"]) >= 4, visited["member"]
    assert not problems, "\n".join(problems)
