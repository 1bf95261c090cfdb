"""A large price file from a phone in Chromium (390x844), as the association's admin: the
upload goes to the background (the threshold lowered for the test), the job page's progress bar
moves as the rows are read (the job is held at a progress write until the page shows it, no
sleeps), the page goes on to the preview by itself; the apply goes to the background too and
ends on the applied file. The job page passes axe, in Swedish and in English."""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect

from backoffice.pricefiles import background, progress
from backoffice.pricefiles.background import run_job
from tests.axe import assert_accessible
from tests.backoffice.pages.test_pricefile_progress import ROWS, FakeQueue, big_file, products
from tests.backoffice.world import World, sqlite_world
from tests.browser import WAIT_MS
from tests.e2e.signin import sign_in
from tests.servers import serving

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture
JOB = re.compile(r".*/pricefiles/jobs/\d+$")


class Held:
    """Runs a deferred job in a thread of its own, held at its first progress write with rows
    done until the test lets it go on."""

    def __init__(self, world: World, job: tuple[int, int]) -> None:
        self.reached, self.go = threading.Event(), threading.Event()
        self.rows: tuple[int, int] = (0, 0)
        self.ended: list[str] = []

        def hook(done: int, total: int) -> None:
            if done > 0 and not self.reached.is_set():
                self.rows = (done, total)
                self.reached.set()
                assert self.go.wait(WAIT_MS / 1000)

        def work() -> None:
            self.ended.append(run_job(world.backoffice.sessions, *job, world.clock, hook=hook))

        self.thread = threading.Thread(target=work, daemon=True)
        self.thread.start()
        assert self.reached.wait(WAIT_MS / 1000), "the job never told its progress"

    def finish(self) -> str:
        self.go.set()
        self.thread.join(WAIT_MS / 1000)
        return self.ended[0]


def shows_progress(page: Page, done: int, total: int) -> None:
    bar = page.get_by_label("Rader klara")
    expect(bar).to_have_attribute("value", str(done))
    expect(bar).to_have_attribute("max", str(total))
    expect(page.get_by_role("status")).to_have_text(f"Rader {done} / {total}")


def test_a_large_price_file_shows_its_progress_on_a_phone(
    browser: Browser, sqlite_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = sqlite_world
    monkeypatch.setattr(background, "BACKGROUND_BYTES", 200)
    monkeypatch.setattr(background, "BACKGROUND_ROWS", 10)
    monkeypatch.setattr(progress, "PROGRESS_EVERY", 10)
    queue = FakeQueue()
    world.backoffice.app.state.job_queue.append(queue)
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.set_default_timeout(WAIT_MS)
        try:
            sign_in(page, base, world.emails["admin"])
            page.get_by_role("navigation", name="Huvudmeny").get_by_role(
                "link", name="Prisfiler"
            ).click()
            page.wait_for_url(f"{base}/pricefiles")
            page.get_by_label("Leverantör").fill("Dagab")
            page.get_by_label("Streckkod (GTIN) (krävs)").fill("EAN")
            page.get_by_label("Pris (krävs)").fill("Pris")
            page.get_by_label("Namn", exact=True).fill("Benämning")
            page.get_by_label("Prisfil").set_input_files(
                files=FilePayload(name="stor.csv", mimeType="text/csv", buffer=big_file())
            )
            page.get_by_role("button", name="Förhandsgranska").click()
            page.wait_for_url(JOB)
            expect(page.get_by_role("status")).to_have_text("Väntar på att börja.")
            expect(page.get_by_label("Rader klara")).to_have_attribute("value", "0")
            assert_accessible(page, what="price-file job, queued")

            reading = Held(world, queue.deferred.pop())
            assert reading.rows == (10, ROWS)
            shows_progress(page, *reading.rows)  # the page's own polling moved the bar
            assert_accessible(page, what="price-file job, reading")
            assert reading.finish() == "done"
            page.wait_for_url(re.compile(r".*/pricefiles/\d+$"))  # on to the preview by itself
            expect(page.get_by_test_id("count-new")).to_have_text(str(ROWS))
            assert products(world) == 0

            page.get_by_role("button", name=f"Läs in {ROWS} rader").click()
            page.wait_for_url(JOB)
            assert_accessible(page, what="price-file job, apply queued")
            applying = Held(world, queue.deferred.pop())
            shows_progress(page, *applying.rows)
            assert products(world) == 0  # all or nothing: not yet
            assert applying.finish() == "done"
            page.wait_for_url(re.compile(r".*/pricefiles/\d+\?applied=1$"))
            expect(page.get_by_text("Prisfilen är inläst.", exact=False)).to_be_visible()
            assert products(world) == ROWS

            page.get_by_role("button", name="English").click()
            expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
            page.goto(f"{base}/pricefiles")
            page.get_by_label("Supplier", exact=True).fill("Dagab")
            page.get_by_label("Barcode (GTIN) (required)").fill("EAN")
            page.get_by_label("Price (required)").fill("Pris")
            page.get_by_label("Price file").set_input_files(
                files=FilePayload(name="igen.csv", mimeType="text/csv", buffer=big_file())
            )
            page.get_by_role("button", name="Preview").click()
            page.wait_for_url(JOB)
            expect(page.get_by_role("status")).to_have_text("Waiting to start.")
            expect(page.get_by_label("Rows done")).to_have_attribute("value", "0")
            assert_accessible(page, what="price-file job in English")
        finally:
            page.close()
