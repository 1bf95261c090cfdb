"""/docs works with no internet: Swagger UI comes from our own server (npm's swagger-ui-dist),
renders the API, asks no other host for anything, and keeps to the Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route, expect

from backoffice.app import create_app as create_backoffice
from backoffice.db import MIGRATIONS as BACKOFFICE_MIGRATIONS
from backoffice.settings import BackofficeSettings
from byabutik.runtime.apidocs import SWAGGER_UI_PACKAGE, node_modules_dir
from byabutik.runtime.db import make_engine
from store_controller.bootstrap import build_controller
from store_controller.bootstrap import create_app as create_controller
from store_controller.settings import ControllerSettings
from tests.browser import WAIT_MS
from tests.conftest import missing_component
from tests.db_templates import migrate
from tests.e2e.csp import CspWatch
from tests.servers import serving

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _swagger_ui_installed() -> None:
    if not (node_modules_dir() / SWAGGER_UI_PACKAGE / "swagger-ui-bundle.js").is_file():
        missing_component("swagger-ui-dist in node_modules (run ./dev test, which runs npm ci)")


def walk_docs(browser: Browser, base_url: str, operation: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(WAIT_MS)
    elsewhere: list[str] = []

    def only_ours(route: Route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:  # as on a Pi with no internet: anything else fails, and the test says what
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)
    watch = CspWatch(page)
    try:
        response = page.goto(f"{base_url}/docs")
        assert response is not None
        assert response.status == 200
        expect(page.locator(".swagger-ui .info .title")).to_be_visible()
        block = page.locator(".opblock").filter(has_text=operation).first
        expect(block).to_be_visible()
        block.locator(".opblock-summary").click()
        expect(page.get_by_role("button", name="Try it out")).to_be_visible()
        watch.assert_clean("/docs")
        assert elsewhere == []
    finally:
        page.close()


def test_backoffice_docs_render_offline(browser: Browser, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'backoffice.db'}"
    engine = make_engine(url)
    migrate(engine, BACKOFFICE_MIGRATIONS)
    app = create_backoffice(BackofficeSettings(database_url=url), engine)
    with serving(app) as base_url:
        walk_docs(browser, base_url, "/healthz")


def test_controller_docs_render_offline(browser: Browser, tmp_path: Path) -> None:
    app = create_controller(build_controller(ControllerSettings(data_dir=tmp_path)))
    with serving(app) as base_url:
        walk_docs(browser, base_url, "/kiosk/pay")
