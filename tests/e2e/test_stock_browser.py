"""Restocking from a phone in Chromium (390x844), as a volunteer: receive a delivery by typing a
code and by the phone's camera (Chromium's fake camera plays a video of a catalog product's
EAN-13, drawn at test time; headless Chromium on Linux has no native BarcodeDetector, so the
page's ZXing WebAssembly polyfill reads it), book it, count a shelf and book the differences,
write off waste; every stock page passes axe and the book adds up after each step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from retail.barcodes.ean13_bars import QUIET_ZONE_MODULES, ean13_modules
from tests.axe import assert_accessible
from tests.backoffice.stock.test_stock_pages import BREAD, MILK, stock_it
from tests.backoffice.world import World, sqlite_world
from tests.browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS
from tests.conftest import missing_component
from tests.e2e.signin import sign_in
from tests.servers import serving
from tests.store_controller.sync.harness import ADMIN
from tests.waits import WAIT_S

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture
WIDTH, HEIGHT, MODULE_PX = 640, 480, 4


def ean13_frame(code: str) -> np.ndarray:
    """A grey frame with the EAN-13 symbol of `code` in the middle, quiet zones included."""
    bars = np.array([0 if m == "1" else 255 for m in ean13_modules(code)], dtype=np.uint8)
    left, right = QUIET_ZONE_MODULES
    row = np.concatenate(
        [np.full(left, 255, np.uint8), bars, np.full(right, 255, np.uint8)]
    ).repeat(MODULE_PX)
    frame = np.full((HEIGHT, WIDTH), 255, dtype=np.uint8)
    x = (WIDTH - row.size) // 2
    frame[HEIGHT // 4 : 3 * HEIGHT // 4, x : x + row.size] = row
    return frame


def write_y4m(path: Path, luma: np.ndarray, frames: int = 10) -> None:
    """A YUV4MPEG2 (I420) video of `frames` copies of the grey picture `luma`."""
    chroma = np.full((HEIGHT // 2) * (WIDTH // 2) * 2, 128, dtype=np.uint8).tobytes()
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n")
            out.write(luma.tobytes())
            out.write(chroma)


@pytest.fixture(scope="module")
def camera_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Chromium whose camera shows the milk's barcode, allowed without asking."""
    if not Path(CHROMIUM).exists():
        missing_component(f"Chromium at {CHROMIUM} (package chromium)")
    video = tmp_path_factory.mktemp("camera") / "milk.y4m"
    write_y4m(video, ean13_frame(MILK[1:]))
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    # as the shared `browser` fixture does: a worker may run this module before any other
    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            yield launched
        finally:
            launched.close()


def on_hand(base: str) -> dict[str, int | None]:
    answer = httpx.get(f"{base}/api/admin/stores/a-1/stock/book", headers=ADMIN, timeout=WAIT_S)
    assert answer.status_code == 200, answer.text
    return {line["product_key"]: line["quantity"] for line in answer.json()}


def add_line(page: Page, *, quantity: str) -> None:
    page.get_by_label("Antal").fill(quantity)
    page.get_by_role("button", name="Lägg till").click()


def test_a_volunteer_receives_counts_and_writes_off(
    camera_browser: Browser, sqlite_world: World
) -> None:
    world = sqlite_world
    stock_it(world)  # milk 4 on hand, bread sold below zero (-2)
    with serving(world.backoffice.app) as base:
        page = camera_browser.new_page(viewport={"width": 390, "height": 844})
        page.set_default_timeout(WAIT_MS)
        try:
            sign_in(page, base, world.emails["volunteer"])
            page.get_by_role("navigation", name="Huvudmeny").get_by_role(
                "link", name="Lager"
            ).click()
            page.wait_for_url(f"{base}/stock")
            assert_accessible(page, what="/stock")
            page.goto(f"{base}/stores/a-1/stock")
            expect(page.get_by_text("behöver räknas")).to_be_visible()
            assert_accessible(page, what="the store's stock")

            page.get_by_role("link", name="Ta emot leverans").click()
            page.wait_for_url(f"{base}/stores/a-1/stock/receive")
            assert_accessible(page, what="receive")
            page.get_by_label("Leverantör").fill("Dagab")
            page.get_by_label("Följesedel").fill("F-2026-19")
            page.get_by_role("button", name="Börja").click()
            expect(page.get_by_role("heading", name="Leverans: Dagab F-2026-19")).to_be_visible()
            assert_accessible(page, what="a delivery")

            page.get_by_label("Streckkod").fill(BREAD[1:])
            add_line(page, quantity="3")
            lines = page.locator("#delivery-lines tbody tr")
            expect(lines).to_have_count(1)
            expect(lines.first).to_contain_text("Limpa")

            code = page.get_by_label("Streckkod")
            expect(code).to_have_value("")
            scan = page.get_by_role("button", name="Skanna med kameran")
            expect(scan).to_be_visible()  # a camera and the polyfill's detector were found
            scan.click()
            expect(code).to_have_value(MILK[1:], timeout=4 * WAIT_MS)
            expect(page.get_by_role("button", name="Stoppa kameran")).to_be_hidden()
            add_line(page, quantity="6")
            expect(lines).to_have_count(2)
            expect(lines.filter(has_text="Mellanmjölk")).to_contain_text("6")
            assert_accessible(page, what="a delivery with lines")
            page.get_by_role("button", name="Bokför leveransen").click()
            expect(page.get_by_text("Leveransen är bokförd.")).to_be_visible()
            assert on_hand(base)[MILK] == 4 + 6
            assert on_hand(base)[BREAD] == -2 + 3

            page.get_by_role("link", name="Inventera").click()
            page.wait_for_url(f"{base}/stores/a-1/stock/count")
            assert_accessible(page, what="count")
            page.get_by_label("Hylla (tom = hela butiken)").fill("Mejeri")
            page.get_by_role("button", name="Börja").click()
            expect(page.get_by_role("heading", name="Inventera: Mejeri")).to_be_visible()
            page.get_by_label("Streckkod").fill(MILK[1:])
            add_line(page, quantity="8")
            row = page.locator("#count-differences tbody tr", has_text="Mellanmjölk")
            # book, counted, difference
            expect(row.locator("td.num")).to_have_text(["10", "8", "-2"])
            assert_accessible(page, what="a count with its differences")
            page.get_by_label("Anledning").fill("Räknat tisdag")
            page.get_by_role("button", name="Bokför skillnaderna").click()
            expect(page.get_by_text("Inventeringen är bokförd.")).to_be_visible()
            assert on_hand(base)[MILK] == 8

            page.get_by_role("link", name="Svinn").click()
            page.wait_for_url(f"{base}/stores/a-1/stock/waste")
            assert_accessible(page, what="waste")
            page.get_by_label("Streckkod").fill(BREAD[1:])
            page.get_by_label("Utgånget").check()
            page.get_by_role("button", name="Skriv av").click()
            expect(page.get_by_text("Avskrivet.")).to_be_visible()
            assert_accessible(page, what="waste written off")
            assert on_hand(base)[BREAD] == 0
        finally:
            page.close()
