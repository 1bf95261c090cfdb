"""A large price file's preview or apply as a background job (the job queue: procrastinate
workers on PostgreSQL, the web process's local runner on SQLite, or a request's background
task without a queue). The request queues the job and answers a page that polls its status.

The work is the service's own (`preview_file`, `apply_import`) in ONE data transaction, so an
apply stays all or nothing; only the progress is written apart. A failure is kept with its
reason (nothing of the data is kept); a job whose worker died shows as stopped after
`STALE_AFTER` and can be run again (`rerun`: a new attempt, the old one's writes are ignored).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session, sessionmaker

from backoffice.audit.service import Actor, record
from backoffice.errors import BackofficeError, ConflictError, NotFoundError
from backoffice.pricefiles.models import PriceImport, PriceImportJob
from backoffice.pricefiles.progress import Progress, ProgressWriter, status
from backoffice.pricefiles.service import apply_import, counts, get_import, preview_file
from retail.vat.rates import VatClass

log = logging.getLogger(__name__)
BACKGROUND_BYTES = 128 * 1024
"""A file larger than this is previewed in the background (about 3,000 rows)."""
BACKGROUND_ROWS = 3000
"""A preview with more new and changed rows than this is applied in the background."""


def _actor(actor: Actor) -> dict[str, Any]:
    return {"label": actor.label, "address": actor.address, "person_id": actor.person_id}


def _new_job(**values: Any) -> PriceImportJob:
    return PriceImportJob(
        state="queued", attempt=1, rows_done=0, rows_total=0, error=None, **values
    )


def queue_preview(
    session: Session, *, supplier: str, filename: str, data: bytes, actor: Actor, now: datetime
) -> PriceImportJob:
    job = _new_job(
        kind="preview",
        import_id=None,
        supplier=supplier,
        filename=filename[:200],
        data=data,
        vat_class="",
        actor=_actor(actor),
        created_at=now,
        updated_at=now,
    )
    session.add(job)
    session.flush()
    return job


def queue_apply(
    session: Session, *, import_id: int, vat_class: VatClass, actor: Actor, now: datetime
) -> PriceImportJob:
    """An apply to run in the background; refused (409) when the import is not a preview or
    an apply of it is already on its way."""
    made = get_import(session, import_id)
    if made.status != "previewed":
        raise ConflictError(f"price file import {import_id} is {made.status}")
    for other in session.scalars(
        select(PriceImportJob).where(
            PriceImportJob.import_id == import_id, PriceImportJob.kind == "apply"
        )
    ):
        if status(other, now)["state"] in ("queued", "running"):
            raise ConflictError(f"price file import {import_id} is being applied already")
    job = _new_job(
        kind="apply",
        import_id=import_id,
        supplier=made.supplier,
        filename=made.filename,
        data=None,
        vat_class=vat_class.value,
        actor=_actor(actor),
        created_at=now,
        updated_at=now,
    )
    session.add(job)
    session.flush()
    return job


def rerun(session: Session, *, job_id: int, now: datetime) -> PriceImportJob:
    """Queue a stopped job again (a new attempt); anything else is a 409."""
    job = get_job(session, job_id)
    if status(job, now)["state"] != "stopped":
        raise ConflictError(f"price file job {job_id} is {job.state}, not stopped")
    job.attempt, job.state, job.error, job.updated_at = job.attempt + 1, "queued", None, now
    session.flush()
    return job


def get_job(session: Session, job_id: int) -> PriceImportJob:
    job = session.get(PriceImportJob, job_id)
    if job is None:
        raise NotFoundError(f"no price file job {job_id}")
    return job


def run_job(
    sessions: sessionmaker[Session],
    job_id: int,
    attempt: int,
    clock: Callable[[], datetime],
    *,
    hook: Progress | None = None,
) -> str:
    """Do the job (once per attempt: a second run of the same attempt does nothing). Answers
    the state it ended in. `hook(rows_done, rows_total)` is called after each progress write."""
    with sessions.begin() as session:
        claimed = cast(
            CursorResult[Any],
            session.execute(
                update(PriceImportJob)
                .where(
                    PriceImportJob.id == job_id,
                    PriceImportJob.attempt == attempt,
                    PriceImportJob.state == "queued",
                )
                .values(state="running", updated_at=clock())
            ),
        ).rowcount
    if not claimed:
        return "skipped"
    progress = ProgressWriter(sessions, job_id, attempt, clock, hook=hook)
    try:
        with sessions.begin() as session:
            job = get_job(session, job_id)
            actor = Actor(**job.actor)
            found: dict[str, int] | None = None  # a preview's, counted as its rows were judged
            if job.kind == "preview":
                made, found = preview_file(
                    session=session,
                    supplier=job.supplier,
                    filename=job.filename,
                    data=job.data or b"",
                    now=clock(),
                    progress=progress,
                )
                action, after = "pricefile.preview", {"supplier": job.supplier}
            else:
                # SQLite: once the data transaction writes, no other connection can.
                progress.in_database = session.get_bind().dialect.name != "sqlite"
                made = apply_import(
                    session=session,
                    import_id=int(job.import_id or 0),
                    vat_class=VatClass(job.vat_class),
                    now=clock(),
                    progress=progress,
                )
                action, after = "pricefile.apply", {"supplier": made.supplier}
            _finish(
                session,
                job=job,
                made=made,
                actor=actor,
                action=action,
                after=after,
                found=found,
                now=clock(),
            )
        return "done"
    except Exception as exc:
        known = isinstance(exc, BackofficeError)
        if not known:
            log.exception("price file job %s failed", job_id)
        reason = str(exc) if known else f"an unexpected error ({type(exc).__name__})"
        with sessions.begin() as session:
            values: dict[str, Any] = {"state": "failed", "error": reason[:300]}
            if known:  # the file's fault: running it again changes nothing
                values["data"] = None
            session.execute(
                update(PriceImportJob)
                .where(PriceImportJob.id == job_id, PriceImportJob.attempt == attempt)
                .values(updated_at=clock(), **values)
            )
        return "failed"
    finally:
        progress.forget()


def _finish(
    session: Session,
    *,
    job: PriceImportJob,
    made: PriceImport,
    actor: Actor,
    action: str,
    after: dict[str, Any],
    found: dict[str, int] | None,
    now: datetime,
) -> None:
    """In the work's own transaction: the audit record and the job done (with the data).
    `found`: the import's counts when already known (else read)."""
    if found is None:
        found = counts(session, made.id)
    record(
        session,
        actor=actor,
        action=action,
        now=now,
        target=str(made.id),
        after={**after, "filename": made.filename, "counts": found, "job": job.id},
    )
    rows = found["new"] + found["changed"] if job.kind == "apply" else made.rows_total
    session.execute(
        update(PriceImportJob)
        .where(PriceImportJob.id == job.id, PriceImportJob.attempt == job.attempt)
        .values(
            state="done",
            import_id=made.id,
            data=None,
            rows_done=rows,
            rows_total=rows,
            updated_at=now,
        )
    )
