"""Yesterday's Swish reconciliation of every store, once a day, with the alert rules.

The alert rules run every few seconds, one run at a time across workers (backoffice.jobs); the
first run after 03:00 Stockholm time (late pushes have arrived by then) reconciles the day
before for each store, alerts every store whose day does not balance, and leaves a `JobRun`
keyed by the day, so later runs (and other workers) skip it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.alerts.models import AlertCase
from backoffice.jobs.models import JobRun
from backoffice.payments.reconcile import alert_findings, reconcile
from backoffice.settings import BackofficeSettings
from backoffice.stores.models import Store

TASK = "swish_reconciliation"
ZONE = ZoneInfo("Europe/Stockholm")
RUN_FROM_HOUR = 3


def callbacks_configured(settings: BackofficeSettings) -> bool:
    """Whether the backoffice hears and verifies Swish's callbacks (then a sale without one is
    a finding)."""
    swish = settings.swish
    return swish.base_url is not None and swish.callback_identifier is not None


def reconcile_yesterday(
    session: Session, *, now: datetime, settings: BackofficeSettings, worker: str
) -> list[AlertCase]:
    """Reconcile yesterday for every store if due (else nothing); the alert cases it opened.
    The caller commits."""
    local = now.astimezone(ZONE)
    if local.hour < RUN_FROM_HOUR:
        return []
    day = local.date() - timedelta(days=1)
    done = select(JobRun.id).where(JobRun.task == TASK, JobRun.key == day.isoformat())
    if session.scalar(done.limit(1)) is not None:
        return []
    configured = callbacks_configured(settings)
    unbalanced = 0
    opened: list[AlertCase] = []
    stores = list(session.scalars(select(Store).order_by(Store.id)))
    for store in stores:
        result = reconcile(
            session, store=store, day=day, zone=ZONE, callbacks_configured=configured
        )
        case = alert_findings(session, store=store, result=result, now=now)
        opened += [case] if case is not None else []
        unbalanced += not result.balanced
    session.add(
        JobRun(
            task=TASK,
            key=day.isoformat(),
            worker=worker[:128],
            finished_at=now,
            outcome=f"{len(stores)} stores, {unbalanced} not balanced",
        )
    )
    return opened
