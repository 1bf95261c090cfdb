"""The kiosk and the door screen as a first-time customer finds them, at three kiosk panel sizes.

Every control is named in both languages, the help describes the real screen, "Avbryt köpet" asks
first, the totals stay aligned without a pant line, the idle door screen tells the opening hours
and when a closed store opens, and each screen passes axe-core. Screenshots of each size are
kept in var/artifacts/screens/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from drivers.gpio.pins import close_pin_factory, make_pin_factory
from store_controller.bootstrap import build_controller, create_app
from store_controller.checkout import seed
from store_controller.core.clock import ManualClock
from store_controller.door.policy import AccessPolicy
from tests.axe import assert_accessible
from tests.browser import WAIT_MS
from tests.e2e.kiosk_harness import Store, running_store, store_settings
from tests.servers import serving

pytestmark = pytest.mark.browser

PANELS = [(800, 480), (1024, 600), (1920, 1080)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "screens"
NAMES = {
    "sv": {"minus": "Ta bort en", "plus": "Lägg till en", "remove": "Ta bort raden"},
    "en": {"minus": "Remove one", "plus": "Add one", "remove": "Remove the line"},
}


def keep_screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with running_store(tmp_path) as store:
        yield store


def open_page(browser: Browser, url: str, size: tuple[int, int]) -> Page:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.set_default_timeout(WAIT_MS)
    page.goto(url)
    return page


@pytest.mark.parametrize("size", PANELS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_kiosk_control_is_named_and_the_page_passes_axe(
    browser: Browser, store: Store, size: tuple[int, int], lang: str
) -> None:
    page = open_page(browser, f"{store.base_url}/kiosk?lang={lang}", size)
    try:
        assert_accessible(page, what=f"the idle kiosk ({lang})")
        store.scanner.send(seed.MJOLK)
        line = page.get_by_test_id("line")
        expect(line).to_have_count(1)
        for control, name in NAMES[lang].items():
            button = line.get_by_role("button", name=f"{name}: Mellanmjölk", exact=False)
            expect(button).to_have_count(1)
            expect(button).to_have_attribute("data-testid", control)
        assert_accessible(page, what=f"the kiosk with a cart ({lang})")
        page.get_by_test_id("help-open").click()
        expect(page.get_by_test_id("help")).to_be_visible()
        assert_accessible(page, what=f"the kiosk's help ({lang})")
        page.get_by_test_id("help-close").click()
        page.get_by_test_id("clear").click()
        expect(page.get_by_test_id("confirm-clear")).to_be_visible()
        assert_accessible(page, what=f"the kiosk's cancel question ({lang})")
        keep_screenshot(page, f"kiosk-confirm-{lang}-{size[0]}x{size[1]}")
    finally:
        page.close()


def test_the_help_describes_the_buttons_the_customer_has(browser: Browser, store: Store) -> None:
    for lang, pay_word in (("sv", "”Betala”"), ("en", "“Pay”")):
        page = open_page(browser, f"{store.base_url}/kiosk?lang={lang}", (1024, 600))
        try:
            page.get_by_test_id("help-open").click()
            help_text = page.get_by_test_id("help-pay")
            expect(help_text).to_contain_text(pay_word)
            # each button the help names is on the screen with that very text
            for label in page.locator("button.pay").all_inner_texts():
                expect(help_text).to_contain_text(label)
            expect(page.get_by_test_id("help")).not_to_contain_text("knappen Betala")
        finally:
            page.close()


def test_cancelling_the_purchase_asks_first(browser: Browser, store: Store) -> None:
    page = open_page(browser, f"{store.base_url}/kiosk", (800, 480))
    try:
        for code in (seed.MJOLK, seed.BROD, seed.KAFFE):
            store.scanner.send(code)
        lines = page.get_by_test_id("line")
        expect(lines).to_have_count(3)
        page.get_by_test_id("clear").click()  # a stray tap ...
        expect(page.get_by_test_id("confirm-clear")).to_be_visible()
        page.get_by_test_id("confirm-clear-keep").click()  # ... loses nothing
        expect(page.get_by_test_id("confirm-clear")).to_be_hidden()
        expect(lines).to_have_count(3)
        page.get_by_test_id("clear").click()
        page.get_by_test_id("confirm-clear-yes").click()
        expect(page.get_by_test_id("idle")).to_be_visible()
        expect(lines).to_have_count(0)
    finally:
        page.close()


@pytest.mark.parametrize("size", PANELS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_totals_line_up_with_and_without_pant(
    browser: Browser, store: Store, size: tuple[int, int]
) -> None:
    page = open_page(browser, f"{store.base_url}/kiosk", size)
    try:
        store.scanner.send(seed.MJOLK)  # no pant
        expect(page.get_by_test_id("line")).to_have_count(1)
        expect(page.get_by_test_id("pant-label")).to_be_hidden()
        expect(page.get_by_test_id("pant-total")).to_be_hidden()
        assert_rows_aligned(page)
        keep_screenshot(page, f"kiosk-totals-no-pant-{size[0]}x{size[1]}")
        store.scanner.send(seed.LASK)  # a can with pant
        expect(page.get_by_test_id("pant-total")).to_have_text("1,00\u00a0kr")
        assert_rows_aligned(page)
        keep_screenshot(page, f"kiosk-totals-pant-{size[0]}x{size[1]}")
        pay = page.get_by_test_id("pay").bounding_box()
        assert pay is not None
        assert pay["y"] + pay["height"] <= size[1]  # the pay button is on the screen
    finally:
        page.close()


def assert_rows_aligned(page: Page) -> None:
    """Each visible label of the totals sits on the same row as its amount."""
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.totals dt')]
            .filter((dt) => dt.offsetParent !== null)
            .map((dt) => {
              const dd = dt.nextElementSibling;
              const a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
              return [dt.textContent, a.top, a.bottom, b.top, b.bottom, dd.offsetParent !== null];
            })"""
    )
    assert len(rows) >= 2
    for label, top, bottom, dd_top, dd_bottom, dd_visible in rows:
        assert dd_visible, label
        assert dd_top < bottom, f"{label} is above its amount: {rows}"
        assert top < dd_bottom, f"{label} is below its amount: {rows}"


@contextlib.contextmanager
def door_store(tmp_path: Path, now: datetime) -> Iterator[str]:
    """A controller whose store opens 07:00-22:00 (Mondays closed), its clock standing at `now`."""
    policy = AccessPolicy.model_validate(
        {
            "hours": {
                day: ["07:00-22:00"]
                for day in ("tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
            }
            | {"monday": []}
        }
    )
    settings = store_settings(tmp_path, "loop://").model_copy(update={"policy": policy})
    factory = make_pin_factory("mock")
    try:
        controller = build_controller(settings, clock=ManualClock(now), pin_factory=factory)
        with serving(create_app(controller)) as url:
            yield url
    finally:
        close_pin_factory(factory)


@pytest.mark.parametrize("size", PANELS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_idle_door_screen_tells_the_hours_and_when_a_closed_store_opens(
    browser: Browser, tmp_path: Path, size: tuple[int, int]
) -> None:
    sunday_night = datetime(2026, 12, 6, 22, 30, tzinfo=UTC)  # 23:30 in Stockholm
    with door_store(tmp_path / "closed", sunday_night) as url:
        for lang, closed, hours in (
            ("sv", "Stängt. Öppnar på tisdag kl. 07:00", "Öppet i dag 07:00–22:00"),
            ("en", "Closed. Opens on Tuesday at 07:00", "Open today 07:00–22:00"),
        ):
            page = open_page(browser, f"{url}/door?lang={lang}", size)
            try:
                expect(page.get_by_test_id("closed")).to_have_text(closed)
                expect(page.get_by_test_id("hours")).to_have_text(hours)
                expect(page.get_by_test_id("login")).to_be_hidden()
                assert_accessible(page, what=f"the closed door screen ({lang})")
                keep_screenshot(page, f"door-closed-{lang}-{size[0]}x{size[1]}")
            finally:
                page.close()
    tuesday_noon = datetime(2026, 12, 8, 11, 0, tzinfo=UTC)
    with door_store(tmp_path / "open", tuesday_noon) as url:
        page = open_page(browser, f"{url}/door", size)
        try:
            expect(page.get_by_test_id("hours")).to_have_text("Öppet i dag 07:00–22:00")
            expect(page.get_by_test_id("closed")).to_be_hidden()
            expect(page.get_by_test_id("login")).to_be_visible()
            assert_accessible(page, what="the open door screen")
            keep_screenshot(page, f"door-open-sv-{size[0]}x{size[1]}")
        finally:
            page.close()


@pytest.mark.parametrize("size", PANELS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_forced_door_stays_on_the_simulated_door_page_until_acknowledged(
    browser: Browser, store: Store, size: tuple[int, int]
) -> None:
    page = open_page(browser, f"{store.base_url}/sim/door", size)
    try:
        alarm = page.get_by_test_id("alarm")
        expect(alarm).to_be_hidden()
        assert_accessible(page, what="the simulated door")
        page.get_by_test_id("open").click()  # locked: a break-in
        expect(alarm).to_be_visible()
        expect(alarm).to_contain_text("Larm: dörren bröts upp")
        expect(page.get_by_test_id("acknowledge")).to_be_disabled()  # the door stands open
        page.get_by_test_id("close").click()
        expect(page.get_by_test_id("contact")).to_have_attribute("data-open", "false")
        expect(alarm).to_be_visible()  # closing the door does not clear a break-in
        assert_accessible(page, what="the simulated door with a latched alarm")
        keep_screenshot(page, f"sim-door-forced-{size[0]}x{size[1]}")
        page.get_by_test_id("acknowledge").click()
        expect(alarm).to_be_hidden()
    finally:
        page.close()
