"""The weekly summary e-mail: a person asks for it on the reports page (CSRF, audited); the
periodic job sends last week's figures, the report service's own, through a real SMTP server
(aiosmtpd) once the week is over, once per person even when two workers run it at once."""

from __future__ import annotations

import threading
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from backoffice.jobs.work import JobRuntime, run_weekly_summaries
from backoffice.mail.config import MailSettings
from backoffice.people.models import Person
from backoffice.reports.sales import sales_summary
from backoffice.reports.scope import ReportScope
from backoffice.reports.weekly_models import WeeklySend
from backoffice.settings import BackofficeSettings
from backoffice.stores.models import Store
from backoffice.web.i18n import Language
from tests.backoffice.notify.servers import smtp_server
from tests.backoffice.reports.seed import seed_trading
from tests.backoffice.world import World, sign_in

MONDAY, SUNDAY = date(2026, 4, 27), date(2026, 5, 3)  # ISO week 2026-W18


def ask_for_it(world: World, who: str) -> None:
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails[who])
        page = client.get("/reports").text
        assert "Skicka till mig" in page
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        answer = client.post(
            "/reports/weekly",
            data={"on": "true", "csrf_token": token, "back": "/reports"},
            follow_redirects=False,
        )
        assert answer.status_code == 303
        assert "Sluta skicka" in client.get("/reports").text


def runtime(world: World, port: int, worker: str) -> JobRuntime:
    settings = BackofficeSettings(
        database_url="sqlite://",
        mail=MailSettings(host="127.0.0.1", port=port, tls="none", sender="butiken@example.org"),
    )
    return JobRuntime(world.backoffice.sessions, settings, world.clock, worker)


def test_asking_for_the_weekly_e_mail_needs_csrf_and_is_audited(sqlite_world: World) -> None:
    with TestClient(sqlite_world.backoffice.app) as owner:
        sign_in(owner, sqlite_world.emails["owner"])
        forged = owner.post("/reports/weekly", data={"on": "true"}, follow_redirects=False)
        assert forged.status_code == 403
        assert "Skicka till mig" in owner.get("/reports").text
    ask_for_it(sqlite_world, "owner")
    with TestClient(sqlite_world.backoffice.app) as volunteer:
        sign_in(volunteer, sqlite_world.emails["volunteer"])
        home = volunteer.get("/").text
        token = home.split('name="csrf_token" value="')[1].split('"')[0]
        refused = volunteer.post(
            "/reports/weekly", data={"on": "true", "csrf_token": token}, follow_redirects=False
        )
        assert refused.status_code == 403
    with TestClient(sqlite_world.backoffice.app) as admin:
        sign_in(admin, sqlite_world.emails["admin"])
        log = admin.get("/audit", params={"action": "report.weekly_summary"}).text
    assert "owner@example.org" in log


def test_the_weekly_e_mail_has_the_report_services_figures_once_per_person(world: World) -> None:
    sales = seed_trading(world)
    ask_for_it(world, "owner")
    ask_for_it(world, "bookkeeper")
    world.clock.now = world.clock.now.replace(hour=3)  # Monday 05:00 in Stockholm: not yet
    with smtp_server() as (box, port):
        first, second = runtime(world, port, "w1"), runtime(world, port, "w2")
        assert run_weekly_summaries(first) == 0
        world.clock.advance(hours=2)  # 07:00: last week is over and reported
        counts: list[int] = []
        start = threading.Barrier(2)

        def work(job: JobRuntime) -> None:
            start.wait()
            counts.append(run_weekly_summaries(job))

        threads = [threading.Thread(target=work, args=(job,)) for job in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(counts) in ([0, 2], [1, 1])
        assert run_weekly_summaries(second) == 0  # and not again this week
        assert sorted(str(m["To"]) for m in box.messages) == [
            "bookkeeper@example.org",
            "owner@example.org",
        ]
        with world.backoffice.sessions() as session:
            store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
            expected = sales_summary(
                session=session,
                scope=ReportScope.of([store.id], MONDAY, SUNDAY, store.time_zone),
            )
            sends = session.scalar(select(func.count()).select_from(WeeklySend))
        assert sends == 2
        assert expected.total.net_ore == sum(s.total_ore for s in sales)
        sv = Language("sv")
        mail = box.messages[0]
        assert mail["Subject"] == "Veckosammanfattning 2026-W18"
        body = mail.get_content()
        assert "A ett" in body
        assert f"Nettoförsäljning: {sv.money(expected.total.net_ore)}" in body
        assert f"Antal köp: {sv.number(expected.total.sales_count)}" in body
        basket = expected.total.average_basket_ore
        assert basket is not None
        assert f"Snittköp: {sv.money(basket)}" in body
        for payment in expected.payments:
            assert sv.money(payment.amount_ore) in body
        assert "A två" not in body  # a store the person has no role in

        world.clock.advance(days=7)
        assert run_weekly_summaries(first) == 2  # next week's
        assert box.messages[-1]["Subject"].endswith("2026-W19")


def test_a_refused_e_mail_is_tried_again(sqlite_world: World) -> None:
    ask_for_it(sqlite_world, "owner")
    with smtp_server() as (_box, port):
        pass  # the server is gone: the port refuses
    job = runtime(sqlite_world, port, "w1")
    assert run_weekly_summaries(job) == 0
    with smtp_server() as (box, port):
        assert run_weekly_summaries(runtime(sqlite_world, port, "w1")) == 1
    assert len(box.messages) == 1


def test_a_claim_left_unsent_by_a_crash_is_sent_once_an_hour_later(world: World) -> None:
    ask_for_it(world, "owner")
    world.clock.now = world.clock.now.replace(hour=5)  # Monday 07:00 in Stockholm
    with world.backoffice.sessions() as session:
        owner = session.scalars(select(Person).where(Person.email == "owner@example.org")).one()
    # A worker claimed the owner's week and died before sending (the claim stays, unsent).
    with world.backoffice.sessions.begin() as session:
        session.add(
            WeeklySend(person_id=owner.id, week="2026-W18", worker="w0", claimed_at=world.clock.now)
        )
    with smtp_server() as (box, port):
        first, second = runtime(world, port, "w1"), runtime(world, port, "w2")
        world.clock.advance(minutes=50)
        assert run_weekly_summaries(first) == 0  # the claim may still be at work
        world.clock.advance(minutes=20)
        counts: list[int] = []
        start = threading.Barrier(2)

        def work(job: JobRuntime) -> None:
            start.wait()
            counts.append(run_weekly_summaries(job))

        threads = [threading.Thread(target=work, args=(job,)) for job in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(counts) == [0, 1]
        world.clock.advance(hours=2)
        assert run_weekly_summaries(first) == 0  # and not again this week
        assert [str(m["To"]) for m in box.messages] == ["owner@example.org"]
        assert box.messages[0]["Subject"] == "Veckosammanfattning 2026-W18"
    with world.backoffice.sessions() as session:
        claim = session.scalars(select(WeeklySend)).one()
    assert claim.sent_at is not None
