"""Reminders of overdue invoices: once an invoice is unpaid `days` after its due date (Swedish
days), the member gets one reminder by e-mail with the invoice attached.

Exactly once, however many workers run it: a worker first claims the invoice's reminder (a row
under the invoice's id, committed) and only the worker whose claim went in sends. A send that
did not go (mail server refused, no e-mail known) keeps the row with its problem; a later run
takes it over (one worker, by a conditional update) and tries again. A claim still unsent after
STALE_CLAIM with no problem noted (its worker died between the claim and the send) is taken over
the same way by the next run. (Should a worker die after the mail server took the e-mail but
before it noted the send, the member gets the reminder twice: once at least, not at most.)"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from backoffice.mail.config import MailSettings
from backoffice.members import invoices
from backoffice.members.invoice_mail import deliver
from backoffice.members.invoices import SWEDEN
from backoffice.members.models import InvoiceReminder, MemberInvoice

STALE_CLAIM = timedelta(hours=1)


def overdue(session: Session, *, now: datetime, days: int) -> list[int]:
    """Unpaid invoices `days` past their due date with no reminder sent yet, oldest first."""
    last_due = now.astimezone(SWEDEN).date() - timedelta(days=days)
    sent = select(InvoiceReminder.invoice_id).where(InvoiceReminder.sent_at.is_not(None))
    rows = session.scalars(
        select(MemberInvoice)
        .where(
            MemberInvoice.kind == "invoice",
            MemberInvoice.due_on <= last_due,
            MemberInvoice.identity_hash.not_like("erased-%"),
            MemberInvoice.id.not_in(sent),
        )
        .order_by(MemberInvoice.due_on, MemberInvoice.id)
    )
    return [row.id for row in rows if invoices.outstanding_ore(session, row) > 0]


def _claim(sessions: sessionmaker[Session], invoice_id: int, worker: str, now: datetime) -> bool:
    try:
        with sessions.begin() as session:
            session.add(
                InvoiceReminder(invoice_id=invoice_id, claimed_by=worker[:128], claimed_at=now)
            )
        return True
    except IntegrityError:
        pass
    # A claim whose send did not go, or whose worker died before sending: one worker takes it.
    with sessions.begin() as session:
        taken = session.execute(
            update(InvoiceReminder)
            .where(
                InvoiceReminder.invoice_id == invoice_id,
                InvoiceReminder.sent_at.is_(None),
                or_(
                    InvoiceReminder.problem.is_not(None),
                    InvoiceReminder.claimed_at < now - STALE_CLAIM,
                ),
            )
            .values(claimed_by=worker[:128], claimed_at=now, problem=None)
        )
        return cast(CursorResult[Any], taken).rowcount == 1


def send_reminders(
    sessions: sessionmaker[Session],
    settings: MailSettings,
    *,
    now: datetime,
    days: int,
    worker: str,
) -> int:
    """Send the reminders that are due; the number that went."""
    with sessions() as session:
        due = overdue(session, now=now, days=days)
    went = 0
    for invoice_id in due:
        if not _claim(sessions, invoice_id, worker, now):
            continue
        with sessions.begin() as session:
            invoice = session.get(MemberInvoice, invoice_id)
            assert invoice is not None
            problem = deliver(session, settings, invoice, now=now, reminder=True)
            claim = session.get(InvoiceReminder, invoice_id)
            assert claim is not None
            claim.attempts += 1
            claim.problem = problem
            if problem is None:
                claim.sent_at = now
                went += 1
    return went
