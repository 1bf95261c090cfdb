"""Overdue reminders: the hourly job e-mails one reminder per unpaid invoice 7 days after its
due date (the world's fake clock moves), exactly once with two workers running at the same
moment, and again on a later run when the mail server refused it."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.jobs.models import JobRun
from backoffice.jobs.work import REMINDERS, JobRuntime, run_invoice_reminders
from backoffice.members.invoice_mail import REFUSED
from backoffice.members.invoices import SWEDEN
from backoffice.members.models import InvoiceReminder, MemberInvoice
from tests.backoffice.members.test_invoice_mail import owner_with_mail
from tests.backoffice.members.test_invoices import DETAILS, STORE, invoice, month_on_account
from tests.backoffice.members.test_member_pages import PAGE
from tests.backoffice.members.test_members_api import MEMBER, MEMBERS
from tests.backoffice.members.test_rights import API, a_members_month
from tests.backoffice.notify.servers import Mailbox
from tests.backoffice.products.conftest import Clock
from tests.backoffice.stock.test_stock_pages import signed_in
from tests.backoffice.world import World, sqlite_world
from tests.store_controller.sync.harness import ADMIN

__all__ = ["sqlite_world"]


class Picky(Mailbox):
    """A mail server that can be told to refuse every message."""

    refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "554 not now"
        return await super().handle_DATA(server, session, envelope)


def runtime(client: TestClient, clock: Clock, worker: str) -> JobRuntime:
    state = client.app.state  # type: ignore[attr-defined]
    return JobRuntime(state.sessions, state.settings, clock, worker)


def test_one_reminder_per_overdue_invoice_retried_and_never_twice(
    database_url: str, clock: Clock
) -> None:
    box = Picky()
    with owner_with_mail(database_url, clock, box) as (owner, _box, _server):
        month_on_account(owner)
        owner.client.put(f"{STORE}/association/invoicing", json=DETAILS, headers=ADMIN)
        owner.client.put(
            f"{MEMBERS}/{MEMBER}/contact",
            json={"name": "Greta", "email": "greta@example.org"},
            headers=ADMIN,
        )
        owner.clock.advance(days=5)
        made = invoice(owner)
        assert len(box.messages) == 1  # the invoice itself
        first, second = (runtime(owner.client, clock, w) for w in ("w1", "w2"))
        assert first.settings.jobs.reminder_days == 7

        due = datetime.fromisoformat(made["due_on"]).date()
        clock.now = datetime.combine(due, time(23, 0), SWEDEN)
        clock.advance(days=6)  # six days after the due date: not yet
        assert run_invoice_reminders(first, 1) == 0
        clock.advance(days=1)  # seven days after: due, but the mail server refuses
        box.refuse = True
        assert run_invoice_reminders(first, 2) == 0
        with owner.client.app.state.sessions() as session:  # type: ignore[attr-defined]
            claim = session.scalars(select(InvoiceReminder)).one()
            assert (claim.sent_at, claim.problem) == (None, "e-postservern tog inte emot brevet")
        assert len(box.messages) == 1

        box.refuse = False
        clock.advance(hours=1)
        went: list[int] = []
        start = threading.Barrier(2)

        def run(worker: JobRuntime, tick: int) -> None:
            start.wait()
            went.append(run_invoice_reminders(worker, tick))

        threads = [
            threading.Thread(target=run, args=(first, 3)),
            threading.Thread(target=run, args=(second, 3)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(went) == [0, 1]
        assert len(box.messages) == 2
        reminder = box.messages[1]
        assert reminder["To"] == "greta@example.org"
        assert reminder["Subject"].startswith("Påminnelse: faktura")
        body = reminder.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()
        for expected in ("170,00 kr", made["due_on"], made["ocr"]):
            assert expected in text
        assert [a.get_content_type() for a in reminder.iter_attachments()] == ["application/pdf"]

        clock.advance(days=3)
        assert run_invoice_reminders(first, 4) == 0  # reminded once: never again
        assert len(box.messages) == 2
        with owner.client.app.state.sessions() as session:  # type: ignore[attr-defined]
            runs = session.scalars(select(JobRun.outcome).where(JobRun.task == REMINDERS))
            assert sorted(runs) == ["0 reminders sent"] * 4 + ["1 reminders sent"]


def test_a_claim_left_unsent_by_a_crash_is_sent_once_an_hour_later(
    database_url: str, clock: Clock
) -> None:
    box = Picky()
    with owner_with_mail(database_url, clock, box) as (owner, _box, _server):
        month_on_account(owner)
        owner.client.put(f"{STORE}/association/invoicing", json=DETAILS, headers=ADMIN)
        owner.client.put(
            f"{MEMBERS}/{MEMBER}/contact",
            json={"name": "Greta", "email": "greta@example.org"},
            headers=ADMIN,
        )
        owner.clock.advance(days=5)
        made = invoice(owner)
        first, second = (runtime(owner.client, clock, w) for w in ("w1", "w2"))
        due = datetime.fromisoformat(made["due_on"]).date()
        clock.now = datetime.combine(due, time(23, 0), SWEDEN) + timedelta(days=7)
        # A worker claimed the reminder and died before sending (the claim stays, no problem).
        sessions = owner.client.app.state.sessions  # type: ignore[attr-defined]
        with sessions.begin() as session:
            bill = session.scalars(
                select(MemberInvoice).where(MemberInvoice.number == made["number"])
            ).one()
            session.add(InvoiceReminder(invoice_id=bill.id, claimed_by="w0", claimed_at=clock.now))
        clock.advance(minutes=50)
        assert run_invoice_reminders(first, 1) == 0  # the claim may still be at work
        assert len(box.messages) == 1  # the invoice itself only

        clock.advance(minutes=20)
        went: list[int] = []
        start = threading.Barrier(2)

        def run(worker: JobRuntime) -> None:
            start.wait()
            went.append(run_invoice_reminders(worker, 2))

        threads = [threading.Thread(target=run, args=(w,)) for w in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(went) == [0, 1]
        clock.advance(hours=2)
        assert run_invoice_reminders(first, 3) == 0  # and never again
        assert [m["To"] for m in box.messages] == ["greta@example.org"] * 2
        assert box.messages[1]["Subject"].startswith("Påminnelse: faktura")
        with sessions() as session:
            claim = session.scalars(select(InvoiceReminder)).one()
            assert claim.sent_at is not None
            assert claim.claimed_by in ("w1", "w2")


def test_the_customer_page_shows_each_invoices_reminder(sqlite_world: World) -> None:
    world = sqlite_world
    a_members_month(world)
    admin = TestClient(world.backoffice.app)
    number = admin.get(f"{API}/invoices", headers=ADMIN).json()[0]["number"]
    owner = signed_in(world, "owner")
    assert "Påminnelse" in owner.get(PAGE).text
    with world.backoffice.sessions.begin() as session:
        bill = session.scalars(select(MemberInvoice).where(MemberInvoice.number == number)).one()
        claimed = datetime(2026, 6, 20, 10, 0, tzinfo=SWEDEN)
        session.add(
            InvoiceReminder(
                invoice_id=bill.id, claimed_by="w1", claimed_at=claimed, problem=REFUSED
            )
        )
    page = owner.get(PAGE).text
    refused = '<span class="member-unsent">e-postservern tog inte emot brevet</span>'
    assert f"{refused} (2026-06-20 10:00; försöks igen)" in page
    owner.cookies.set("byabutik_lang", "en")
    assert "the mail server did not take the message" in owner.get(PAGE).text
    owner.cookies.set("byabutik_lang", "sv")
    with world.backoffice.sessions.begin() as session:
        claim = session.scalars(select(InvoiceReminder)).one()
        claim.problem, claim.sent_at = None, datetime(2026, 6, 20, 11, 0, tzinfo=SWEDEN)
    assert "Skickad 2026-06-20 11:00" in owner.get(PAGE).text
