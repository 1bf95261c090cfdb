"""What each job does, whoever runs it (a procrastinate worker or the in-process runner).

Every job commits its work and a `JobRun` row in one transaction, so a job that was run twice
would show twice: the multi-worker test counts them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from backoffice.alerts.rules import evaluate_rules
from backoffice.jobs.models import JobRun
from backoffice.members.erasures import forget_erasures
from backoffice.members.reminders import send_reminders
from backoffice.notify.deliver import deliver, due
from backoffice.notify.planner import escalate_due, notify_new
from backoffice.payments.reconcile_job import reconcile_yesterday
from backoffice.pricefiles.background import run_job as run_pricefile_job
from backoffice.reports.weekly import send_weekly_summaries
from backoffice.settings import BackofficeSettings
from backoffice.stock.essentials import essential_keys
from backoffice.visits.retention import delete_old_visits

RULES = "alert_rules"
WEEKLY = "weekly_summary"
DELIVER = "deliver"
RETENTION = "visit_retention"
PRICEFILE = "pricefile"
REMINDERS = "invoice_reminders"


@dataclass
class JobRuntime:
    """What jobs need: the database, the settings, the clock, and who runs them."""

    sessions: sessionmaker[Session]
    settings: BackofficeSettings
    clock: Callable[[], datetime]
    worker: str


def run_alert_rules(runtime: JobRuntime, tick: int) -> int:
    """The tick's work (unix seconds it was scheduled at): run the rules, tell the people of
    new alerts, escalate what nobody acknowledged, then send every delivery that is due."""
    now = runtime.clock()
    with runtime.sessions.begin() as session:
        run = evaluate_rules(
            session=session,
            now=now,
            settings=runtime.settings.alerts,
            essential_products=essential_keys,
        )
        mismatches = reconcile_yesterday(  # once a day, see payments.reconcile_job
            session, now=now, settings=runtime.settings, worker=runtime.worker
        )
        raised = [case.id for case in (*run.raised, *mismatches)]
        notify_new(session, raised, now)
        escalated = escalate_due(session, now, runtime.settings.notify)
        session.add(
            JobRun(
                task=RULES,
                key=str(tick),
                worker=runtime.worker[:128],
                finished_at=now,
                outcome=f"{len(raised)} raised, {run.cleared} cleared, {escalated} escalated",
            )
        )
        session.info.pop("deliveries", None)  # sent below, not handed to the queue
    for delivery_id in due(runtime.sessions, runtime.clock()):
        run_delivery(runtime, delivery_id)
    return len(raised)


def run_weekly_summaries(runtime: JobRuntime, tick: int = 0) -> int:
    """Last week's summary e-mail to whoever asked for it and has not had it (see
    backoffice.reports.weekly: once per person and week, whichever worker runs it)."""
    return send_weekly_summaries(
        runtime.sessions, runtime.settings.mail, now=runtime.clock(), worker=runtime.worker
    )


def run_visit_retention(runtime: JobRuntime, tick: int = 0) -> int:
    """Delete the door visits older than the retention period (runs daily; twice is harmless)."""
    now = runtime.clock()
    with runtime.sessions.begin() as session:
        gone = delete_old_visits(session, now=now, days=runtime.settings.jobs.visit_retention_days)
        forgotten = forget_erasures(session, now=now)
        session.add(
            JobRun(
                task=RETENTION,
                key=str(tick),
                worker=runtime.worker[:128],
                finished_at=now,
                outcome=f"{gone} visits deleted"
                + (f", {forgotten} erasures done" if forgotten else ""),
            )
        )
    return gone


def run_invoice_reminders(runtime: JobRuntime, tick: int = 0) -> int:
    """E-mail one reminder per overdue unpaid invoice (hourly; once per invoice, see
    backoffice.members.reminders: claimed, whichever worker runs it)."""
    now = runtime.clock()
    went = send_reminders(
        runtime.sessions,
        runtime.settings.mail,
        now=now,
        days=runtime.settings.jobs.reminder_days,
        worker=runtime.worker,
    )
    with runtime.sessions.begin() as session:
        session.add(
            JobRun(
                task=REMINDERS,
                key=str(tick),
                worker=runtime.worker[:128],
                finished_at=now,
                outcome=f"{went} reminders sent",
            )
        )
    return went


def run_delivery(runtime: JobRuntime, delivery_id: int) -> str:
    return deliver(runtime.sessions, runtime.settings, runtime.clock, delivery_id)


def run_pricefile(runtime: JobRuntime, job_id: int, attempt: int) -> str:
    """A large price file's preview or apply (see backoffice.pricefiles.background)."""
    return run_pricefile_job(runtime.sessions, job_id, attempt, runtime.clock)


def tick_of(at: datetime) -> int:
    return int(at.astimezone(UTC).timestamp())
