"""How far a price-file job has come: rows done of the total, written in short transactions
of their own (a connection apart from the work's, so they are seen while the work's data
transaction is still open), and kept in this process's memory too.

SQLite has one writer at a time: while an apply's data transaction holds the write lock no other
connection can write, so there an apply's progress lives in memory only. That is enough: on
SQLite the jobs run in the web process (the local runner), where the status is read."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from backoffice.pricefiles.models import PriceImportJob

Progress = Callable[[int, int], None]
"""`progress(rows_done, rows_total)`, called as the work goes."""
PROGRESS_EVERY = 500
"""A preview tells its progress every this many rows."""
STALE_AFTER = timedelta(minutes=5)
"""A queued or running job with no sign of life for this long has stopped (its worker died):
the page says so and offers to run it again."""


def tell(progress: Progress | None, rows_done: int, rows_total: int) -> None:
    """Call `progress` every `PROGRESS_EVERY` rows (a preview's loop calls this each row)."""
    if progress is not None and rows_done % PROGRESS_EVERY == 0:
        progress(rows_done, rows_total)


@dataclass(frozen=True, slots=True)
class Seen:
    attempt: int
    rows_done: int
    rows_total: int
    at: datetime


_board: dict[int, Seen] = {}
_lock = threading.Lock()


def seen(job_id: int) -> Seen | None:
    """What this process saw last of the job (None: it does not run here)."""
    with _lock:
        return _board.get(job_id)


class ProgressWriter:
    """The `Progress` of one run (job id and attempt) of a job."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        job_id: int,
        attempt: int,
        clock: Callable[[], datetime],
        *,
        hook: Progress | None = None,
    ) -> None:
        self.sessions, self.job_id, self.attempt, self.clock = sessions, job_id, attempt, clock
        self.hook = hook
        self.in_database = True

    def __call__(self, rows_done: int, rows_total: int) -> None:
        at = self.clock()
        with _lock:
            _board[self.job_id] = Seen(self.attempt, rows_done, rows_total, at)
        if self.in_database:
            with self.sessions.begin() as session:
                session.execute(
                    update(PriceImportJob)
                    .where(PriceImportJob.id == self.job_id, PriceImportJob.attempt == self.attempt)
                    .values(rows_done=rows_done, rows_total=rows_total, updated_at=at)
                )
        if self.hook is not None:
            self.hook(rows_done, rows_total)

    def forget(self) -> None:
        with _lock:
            _board.pop(self.job_id, None)


def status(job: PriceImportJob, now: datetime) -> dict[str, object]:
    """The job as the page's status request answers it (memory overrides an older row)."""
    done, total, alive = job.rows_done, job.rows_total, job.updated_at
    mine = seen(job.id)
    running = job.state in ("queued", "running")
    if running and mine and mine.attempt == job.attempt and mine.at >= alive:
        done, total, alive = mine.rows_done, mine.rows_total, mine.at
    stale = job.state in ("queued", "running") and now - alive > STALE_AFTER
    return {
        "id": job.id,
        "kind": job.kind,
        "state": "stopped" if stale else job.state,
        "rows_done": done,
        "rows_total": total,
        "error": job.error,
        "import_id": job.import_id,
        "next": next_page(job),
    }


def next_page(job: PriceImportJob) -> str | None:
    """Where the page goes once the job is done."""
    if job.state != "done" or job.import_id is None:
        return None
    return f"/pricefiles/{job.import_id}" + ("?applied=1" if job.kind == "apply" else "")
