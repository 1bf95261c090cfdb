"""The accessibility check itself: it fails a page with a serious finding and passes a clean one."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.axe import assert_accessible

pytestmark = pytest.mark.browser

CLEAN = """<!doctype html><html lang="sv"><head><title>Kassa</title></head>
<body><main><h1>Kassa</h1><button type="button">Lägg till en</button></main></body></html>"""
UNNAMED_BUTTON = CLEAN.replace("Lägg till en", "")


def test_a_clean_page_passes(browser: Browser) -> None:
    page = browser.new_page()
    try:
        page.set_content(CLEAN)
        assert_accessible(page, what="a clean page")
    finally:
        page.close()


def test_a_button_without_a_name_fails_naming_the_rule(browser: Browser) -> None:
    page = browser.new_page()
    try:
        page.set_content(UNNAMED_BUTTON)
        with pytest.raises(AssertionError, match="button-name"):
            assert_accessible(page, what="an unnamed button")
    finally:
        page.close()
