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
from backoffice.payments.reconcile_job import reconcile_yesterday
from backoffice.settings import BackofficeSettings

RULES = "alert_rules"
AfterRules = Callable[[Session, list[int], datetime], None]


def no_follow_up(_session: Session, _case_ids: list[int], _now: datetime) -> None:
    """Nothing to do with new alerts (until notifications are wired in)."""


@dataclass
class JobRuntime:
    """What jobs need: the database, the settings, the clock, and who runs them."""

    sessions: sessionmaker[Session]
    settings: BackofficeSettings
    clock: Callable[[], datetime]
    worker: str
    after_rules: AfterRules = no_follow_up


def run_alert_rules(runtime: JobRuntime, tick: int) -> int:
    """Run the rules as of now, for the tick (unix seconds) it was scheduled at; new alerts."""
    now = runtime.clock()
    with runtime.sessions.begin() as session:
        run = evaluate_rules(session=session, now=now, settings=runtime.settings.alerts)
        mismatches = reconcile_yesterday(  # once a day, see payments.reconcile_job
            session, now=now, settings=runtime.settings, worker=runtime.worker
        )
        raised = [case.id for case in (*run.raised, *mismatches)]
        runtime.after_rules(session, raised, now)
        session.add(
            JobRun(
                task=RULES,
                key=str(tick),
                worker=runtime.worker[:128],
                finished_at=now,
                outcome=f"{len(raised)} raised, {run.cleared} cleared",
            )
        )
    return len(raised)


def tick_of(at: datetime) -> int:
    return int(at.astimezone(UTC).timestamp())
