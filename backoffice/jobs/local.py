"""The jobs in the web process, for a single-process backoffice on SQLite: a thread runs the
alert rules on each tick and the deferred jobs one at a time, in the order deferred."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from functools import partial

from backoffice.jobs.work import (
    JobRuntime,
    run_alert_rules,
    run_delivery,
    run_invoice_reminders,
    run_pricefile,
    run_visit_retention,
    run_weekly_summaries,
    tick_of,
)

log = logging.getLogger(__name__)
Job = Callable[[JobRuntime], object]
WEEKLY_EVERY = 600
REMINDERS_EVERY = 3_600
"""Seconds between looks for overdue invoices to remind (hourly, as the workers' cron)."""
RETENTION_EVERY = 86_400
"""Seconds between runs of the visit retention rule (daily, as the workers' cron)."""
"""Seconds between looks for a weekly summary that is due (as the workers' cron)."""


class LocalJobs:
    """Start with `start()`, stop with `stop()` (waits for the job in hand)."""

    def __init__(self, runtime: JobRuntime, *, every_seconds: int) -> None:
        self.runtime = runtime
        self.every = every_seconds
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._ticks, name="alert-rules", daemon=True),
            threading.Thread(target=self._work, name="jobs", daemon=True),
        ]

    def defer(self, job: Job) -> None:
        self._jobs.put(job)

    def deliver(self, delivery_ids: list[int]) -> None:
        for delivery_id in delivery_ids:
            self.defer(partial(run_delivery, delivery_id=delivery_id))

    def pricefile(self, job_id: int, attempt: int) -> None:
        self.defer(partial(run_pricefile, job_id=job_id, attempt=attempt))

    def close(self) -> None:
        self.stop()

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout=10)

    def _ticks(self) -> None:
        while True:
            tick = tick_of(self.runtime.clock())
            if self._stop.wait(self.every - tick % self.every):
                return
            next_tick = tick - tick % self.every + self.every
            self.defer(partial(run_alert_rules, tick=next_tick))
            if next_tick % WEEKLY_EVERY < self.every:
                self.defer(partial(run_weekly_summaries, tick=next_tick))
            if next_tick % REMINDERS_EVERY < self.every:
                self.defer(partial(run_invoice_reminders, tick=next_tick))
            if next_tick % RETENTION_EVERY < self.every:
                self.defer(partial(run_visit_retention, tick=next_tick))

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job(self.runtime)
            except Exception:  # one failed job must not stop the others
                log.exception("background job failed")
