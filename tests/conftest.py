"""Fixtures every tier shares: real databases, and the rule that CI never skips."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS
from tests.route_memo import remember_route_analysis

if TYPE_CHECKING:
    from playwright.sync_api import Browser

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# Hypothesis fails an example that takes over 200 ms (and calls a slow-then-fast one flaky): on a
# busy CI machine a fast function can be descheduled that long. No property here is about speed.
settings.register_profile("byabutik", deadline=None)
settings.load_profile("byabutik")

# Nearly every test builds an app of its own: its routes are analysed once per process, not once
# per app (see tests/route_memo.py).
remember_route_analysis()


def missing_component(reason: str) -> None:
    """A test whose component is missing fails in CI with the reason, and skips elsewhere."""
    if IN_CI:
        pytest.fail(f"component missing in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _hermetic_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings in tests come from the test, never from the developer's shell."""
    for name in list(os.environ):
        if name.startswith(("BYABUTIK_CONTROLLER_", "BYABUTIK_BACKOFFICE_")):
            monkeypatch.delenv(name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    url = os.environ.get("BYABUTIK_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        missing_component(f"PostgreSQL at {make_url(url).render_as_string()}: {exc}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"byabutik_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for the browser tests of one module (module scope: Playwright's own loop must
    not outlive the module into tests that run asyncio)."""
    if not os.path.exists(CHROMIUM):
        missing_component(f"Chromium at {CHROMIUM} (package chromium)")
    from playwright.sync_api import expect, sync_playwright

    # `expect` has its own 5 s default, apart from the page's: give it the same margin.
    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An empty database on each backend the apps support."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
