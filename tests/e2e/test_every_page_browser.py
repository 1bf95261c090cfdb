"""Every page as the admin and the owner (the owner's again in English): see
`tests.e2e.page_walk`; the volunteer, the bookkeeper and a member walk in
test_every_page_others_browser.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.backoffice.world import World
from tests.e2e.page_walk import demo, report, sqlite_world, staff_walks
from tests.servers import serving

# About 65 pages each, every one loaded and checked by axe-core: 70 s on a loaded CI worker,
# so the hang detector allows more than the suite's 120 s (each page has its own wait).
pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
__all__ = ["demo", "sqlite_world"]  # the fixtures


def test_every_page_as_the_admin_and_the_owner(browser: Browser, demo: World) -> None:
    with serving(demo.backoffice.app) as base:
        problems, visited = staff_walks(browser, base, demo, ("admin", "owner"))
    report(visited)
    assert len(visited["admin"]) > 10, visited["admin"]
    assert len(visited["owner (en)"]) > 10, visited["owner (en)"]
    assert not problems, "\n".join(problems)
