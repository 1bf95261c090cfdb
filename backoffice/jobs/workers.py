"""The jobs on procrastinate (PostgreSQL): the tasks, the periodic alert rules, the worker.

Exactly once: procrastinate takes each job with `FOR UPDATE SKIP LOCKED`, and a periodic tick
is deferred once for all workers (a unique key on task and tick in its own table). Workers run
as `byabutik backoffice worker`, as many as wanted; the schema is applied by our migrations.
"""

from __future__ import annotations

import asyncio
import os
import socket

import procrastinate
from sqlalchemy import make_url
from sqlalchemy.orm import sessionmaker

import backoffice.db.models  # noqa: F401 - every table, for the foreign keys
from backoffice.db import make_backoffice_engine
from backoffice.jobs.work import (
    DELIVER,
    PRICEFILE,
    REMINDERS,
    RETENTION,
    RULES,
    WEEKLY,
    JobRuntime,
    run_alert_rules,
    run_delivery,
    run_invoice_reminders,
    run_pricefile,
    run_visit_retention,
    run_weekly_summaries,
)
from backoffice.settings import BackofficeSettings
from byabutik.runtime.db import utcnow
from byabutik.runtime.heap import SERVER_YOUNG_THRESHOLD, settle_after_start

QUEUE = "backoffice"


def conninfo(database_url: str) -> str:
    """A libpq connection string from our SQLAlchemy URL, in the queue's own schema."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise ValueError("procrastinate workers need PostgreSQL; on SQLite jobs run in-process")
    query = {**url.query, "options": "-csearch_path=procrastinate"}
    return url.set(drivername="postgresql", query=query).render_as_string(hide_password=False)


def runtime_of(context: procrastinate.JobContext) -> JobRuntime:
    runtime = context.additional_context["runtime"]
    assert isinstance(runtime, JobRuntime)
    return runtime


def alert_rules(context: procrastinate.JobContext, timestamp: int) -> None:
    run_alert_rules(runtime_of(context), timestamp)


def weekly_summary(context: procrastinate.JobContext, timestamp: int) -> None:
    run_weekly_summaries(runtime_of(context), timestamp)


def visit_retention(context: procrastinate.JobContext, timestamp: int) -> None:
    run_visit_retention(runtime_of(context), timestamp)


def invoice_reminders(context: procrastinate.JobContext, timestamp: int) -> None:
    run_invoice_reminders(runtime_of(context), timestamp)


def send(context: procrastinate.JobContext, delivery_id: int) -> None:
    run_delivery(runtime_of(context), delivery_id)


def pricefile(context: procrastinate.JobContext, job_id: int, attempt: int) -> None:
    run_pricefile(runtime_of(context), job_id, attempt)


def cron(every_seconds: int) -> str:
    """A cron for `every_seconds` (a sixth field, for seconds, when under a minute)."""
    if every_seconds >= 60:
        return f"*/{every_seconds // 60} * * * *"
    return f"* * * * * */{every_seconds}"


def make_app(settings: BackofficeSettings, *, worker: bool) -> procrastinate.App:
    """The procrastinate app: async for a worker, sync for deferring from the web process."""
    info = conninfo(settings.effective_database_url)
    connector: procrastinate.BaseConnector = (
        procrastinate.PsycopgConnector(conninfo=info)
        if worker
        else procrastinate.SyncPsycopgConnector(conninfo=info)
    )
    app = procrastinate.App(connector=connector)
    # One rules run at a time (the lock), whichever worker takes it.
    rules = app.task(name=RULES, queue=QUEUE, lock=RULES, pass_context=True)(alert_rules)
    app.periodic(cron=cron(settings.jobs.rules_every_seconds), periodic_id="rules")(rules)
    app.task(name=DELIVER, queue=QUEUE, pass_context=True)(send)
    app.task(name=PRICEFILE, queue=QUEUE, pass_context=True)(pricefile)
    # Every ten minutes: sends only once a week's summary is due, once per person (claims).
    weekly = app.task(name=WEEKLY, queue=QUEUE, lock=WEEKLY, pass_context=True)(weekly_summary)
    app.periodic(cron="*/10 * * * *", periodic_id="weekly")(weekly)
    # Daily at 03:17: the visits past their retention period.
    retention = app.task(name=RETENTION, queue=QUEUE, lock=RETENTION, pass_context=True)(
        visit_retention
    )
    app.periodic(cron="17 3 * * *", periodic_id="visit_retention")(retention)
    # Hourly at :41: one reminder per overdue invoice (claims: once, whichever worker sends).
    reminders = app.task(name=REMINDERS, queue=QUEUE, lock=REMINDERS, pass_context=True)(
        invoice_reminders
    )
    app.periodic(cron="41 * * * *", periodic_id="invoice_reminders")(reminders)
    return app


class WorkerQueue:
    """Hands deliveries to the workers (from the web process)."""

    def __init__(self, settings: BackofficeSettings) -> None:
        self.app = make_app(settings, worker=False)
        self.app.open()

    def deliver(self, delivery_ids: list[int]) -> None:
        task = self.app.configure_task(name=DELIVER, queue=QUEUE)
        for delivery_id in delivery_ids:
            task.defer(delivery_id=delivery_id)

    def pricefile(self, job_id: int, attempt: int) -> None:
        task = self.app.configure_task(name=PRICEFILE, queue=QUEUE)
        task.defer(job_id=job_id, attempt=attempt)

    def close(self) -> None:
        self.app.close()


async def run_worker(
    settings: BackofficeSettings, *, name: str | None = None, concurrency: int = 4
) -> None:
    """Work until stopped (SIGTERM/SIGINT)."""
    engine = make_backoffice_engine(settings.effective_database_url)
    name = name or f"{socket.gethostname()}-{os.getpid()}"
    runtime = JobRuntime(sessionmaker(engine, expire_on_commit=False), settings, utcnow, name)
    app = make_app(settings, worker=True)
    try:
        async with app.open_async():
            await app.run_worker_async(
                queues=[QUEUE],
                name=name,
                concurrency=concurrency,
                additional_context={"runtime": runtime},
            )
    finally:
        engine.dispose()


def main(settings: BackofficeSettings, *, name: str | None, concurrency: int) -> None:
    settle_after_start(young_threshold=SERVER_YOUNG_THRESHOLD)
    asyncio.run(run_worker(settings, name=name, concurrency=concurrency))
