"""A volunteer on watch, in Chromium at phone size (390x844): the store's fridge warms up, its
controller (the enrolled device) pushes the heartbeats and the temperature alert to a real
backoffice, whose job thread e-mails the volunteer through SMTP to the demo's mail catcher
(aiosmtpd). The test takes the acknowledge link from the caught e-mail; the volunteer opens it
without signing in and acknowledges, then signs in and resolves the alert with a note and finds
it in the history; the status board shows the fridge's 24-hour chart and the cold-chain log the
excursion with who acknowledged it. Every page passes axe in Swedish and English."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Browser, Page, ViewportSize, expect
from sqlalchemy import select

from backoffice.app import create_app
from backoffice.db import MIGRATIONS
from backoffice.notify.models import Contact
from backoffice.settings import BackofficeSettings
from backoffice.stores.models import Store
from byabutik.mailcatcher import Catch, CaughtMail, SmtpHandler
from byabutik.runtime.db import make_engine
from retail import wire
from tests.axe import assert_accessible
from tests.backoffice.harness_owner import seed_owner
from tests.backoffice.world import Clock, World, build
from tests.browser import WAIT_MS
from tests.conftest import free_port
from tests.db_templates import migrate
from tests.e2e.signin import submit_password
from tests.e2e.test_catalog_browser import device_token
from tests.servers import serving
from tests.store_controller.sync.harness import Backoffice, batch
from tests.waits import WAIT_S

pytestmark = pytest.mark.browser
PHONE = ViewportSize(width=390, height=844)
VERA = "vera@example.org"
WARM = "kyl 9,5 °C, över 8 °C i 3 avläsningar"
FRIDGE = [400, 450, 950, 1100, 500]
"""The fridge every five minutes (hundredths of °C, limits 2..8 °C): out for two readings."""


@contextmanager
def mail_catcher() -> Iterator[tuple[Catch, int]]:
    """The demo's mail catcher: its aiosmtpd server and what it caught."""
    catch = Catch()
    port = free_port()
    smtp = Controller(SmtpHandler(catch), hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        yield catch, port
    finally:
        smtp.stop()


@contextmanager
def backoffice_with_jobs(folder: Path, smtp_port: int, port: int) -> Iterator[World]:
    """The access tests' world, served as `serve` runs it: jobs (deliveries) in its process."""
    url = f"sqlite:///{folder / 'bo.db'}"
    settings = BackofficeSettings(
        database_url=url,
        public_url=f"http://127.0.0.1:{port}",
        notify={"smtp_host": "127.0.0.1", "smtp_port": smtp_port},
        jobs={"rules_every_seconds": 60},
    )
    engine = make_engine(url)
    migrate(engine, MIGRATIONS)
    seed_owner(engine)
    clock = Clock()
    app = create_app(settings, engine, clock=clock, run_jobs=True)
    try:
        world = build(Backoffice(app, engine, app.state.sessions), clock)
        with world.backoffice.sessions.begin() as session:
            store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
            session.add(
                Contact(
                    store_id=store.id,
                    name="Vera Volontär",
                    email=VERA,
                    severities="critical,warning,info",
                    channels="email",
                )
            )
        yield world
    finally:
        engine.dispose()


def send(base: str, token: str, path: str, body: str) -> None:
    answer = httpx.post(
        f"{base}/api/sync/v1/{path}",
        content=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=WAIT_S,
    )
    assert answer.is_success, answer.text


def fridge_warms(base: str, token: str, world: World) -> None:
    """The controller's heartbeats with the fridge's readings, and its alert when it is warm."""
    for number, centi in enumerate(FRIDGE):
        world.clock.advance(minutes=5)
        beat = wire.Heartbeat(
            sent_at=world.clock.now,
            software_version="1.4.2",
            uptime_s=3600 + number * 300,
            outbox_backlog=0,
            catalog_revision=1,
            door=wire.DoorState.LOCKED,
            lock_down=False,
            temperatures=(
                wire.Temperature(sensor="kyl", centi_celsius=centi, min_centi=200, max_centi=800),
            ),
        )
        send(base, token, "heartbeat", beat.model_dump_json())
        if centi == 1100:
            alert = wire.Alert(
                alert_id=uuid.uuid4(),
                occurred_at=world.clock.now,
                category=wire.AlertCategory.TEMPERATURE,
                severity=wire.Severity.CRITICAL,
                message=WARM,
            )
            send(base, token, "push", batch("a-1", [alert]).model_dump_json())


def to_vera(mail: CaughtMail) -> bool:
    return VERA in mail.rcpt_to and WARM in mail.body


def ack_link(mail: CaughtMail, base: str) -> str:
    found = re.search(r"(https?://\S+/ack/[\w.~-]+)", mail.body)
    assert found, mail.body
    assert found.group(1).startswith(f"{base}/ack/"), "the link reaches this backoffice"
    return found.group(1)


def language(page: Page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    expect(page.locator("html")).to_have_attribute("lang", "en" if name == "English" else "sv")


def test_a_volunteer_acknowledges_from_the_mail_then_resolves_and_reads_the_board(
    browser: Browser, tmp_path: Path
) -> None:
    port = free_port()
    with (
        mail_catcher() as (catch, smtp_port),
        backoffice_with_jobs(tmp_path, smtp_port, port) as world,
        serving(world.backoffice.app, port=port) as base,
    ):
        fridge_warms(base, device_token(world), world)
        mail = catch.wait_for_mail(to_vera, timeout=WAIT_S)
        assert mail is not None, [m.subject for m in catch.mails()]
        link = ack_link(mail, base)

        page = browser.new_page(viewport=PHONE)
        page.set_default_timeout(WAIT_MS)
        try:
            page.goto(link)  # from the lock screen: nobody signed in
            expect(page.get_by_role("heading", name="Kvittera larm")).to_be_visible()
            expect(page.get_by_text(WARM)).to_be_visible()
            assert_accessible(page, what="/ack/… in Swedish")
            language(page, "English")
            expect(page.get_by_role("heading", name="Acknowledge alert")).to_be_visible()
            assert_accessible(page, what="/ack/… in English")
            language(page, "Svenska")
            page.get_by_role("button", name="Jag tar det").click()
            expect(page.get_by_role("heading", name="Kvitterat")).to_be_visible()
            expect(page.get_by_text("du har tagit det, Vera Volontär")).to_be_visible()
            assert_accessible(page, what="/ack/… acknowledged")

            page.get_by_role("link", name="Logga in för att lösa larmet").click()
            submit_password(page, world.emails["volunteer"])
            page.wait_for_url(re.compile(r".*/alerts/\d+$"))
            case_url = page.url
            expect(page.get_by_role("heading", name="Fel temperatur · A ett")).to_be_visible()
            expect(page.get_by_text("Vera Volontär", exact=False).first).to_be_visible()
            assert_accessible(page, what="/alerts/{id}")
            page.get_by_label("Vad gjorde du?").fill("Kylens dörr stod på glänt, stängd")
            page.get_by_role("button", name="Löst").click()
            history = page.locator("ol.history")
            expect(history).to_contain_text("Kvitterat · Vera Volontär")
            expect(history).to_contain_text("Löst · volunteer")
            expect(page.get_by_text("Kylens dörr stod på glänt, stängd").first).to_be_visible()
            expect(page.get_by_role("button", name="Löst")).to_have_count(0)

            menu = page.get_by_role("navigation", name="Huvudmeny")
            menu.get_by_role("link", name="Larm", exact=True).click()
            page.wait_for_url(f"{base}/alerts")
            assert_accessible(page, what="/alerts")
            page.goto(f"{base}/alerts?show=all")
            resolved = page.locator(f'a[href="{case_url.removeprefix(base)}"]')
            expect(resolved).to_have_count(1)
            assert_accessible(page, what="/alerts?show=all")

            menu.get_by_role("link", name="Läget").click()
            page.wait_for_url(f"{base}/board")
            chart = page.get_by_role("img", name="Senaste 24 timmarna för kyl")
            expect(chart).to_be_visible()
            chart.scroll_into_view_if_needed()
            page.wait_for_function(
                "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
            )
            box = chart.bounding_box()
            assert box is not None
            assert box["x"] + box["width"] <= PHONE["width"] + 1  # fits the phone
            expect(page.get_by_text("gränser 2 … 8 °C")).to_be_visible()
            assert_accessible(page, what="/board")

            menu.get_by_role("link", name="Egenkontroll").click()
            page.wait_for_url(f"{base}/coldchain")
            excursions = page.get_by_role("region", name="Avvikelser")
            row = excursions.get_by_role("row").nth(1)
            expect(row).to_contain_text("11 °C")  # the peak
            expect(row).to_contain_text("10 min")  # two readings five minutes apart, then back
            expect(row).to_contain_text("Vera Volontär")
            assert_accessible(page, what="/coldchain")

            language(page, "English")
            for path in ("/coldchain", "/board", "/alerts?show=all", case_url.removeprefix(base)):
                page.goto(f"{base}{path}")
                assert_accessible(page, what=f"{path} in English")
            expect(page.get_by_role("heading", name="History")).to_be_visible()
        finally:
            page.close()
