"""The page of a price file's background preview or apply: a <progress> bar kept current by
polling a small JSON status (`/assets/pricefile_job.js`), without JavaScript a meta refresh;
when done it goes on to the preview (or the applied file), a failure shows its reason, and a
stopped job (its worker died) can be run again. Access as the other price-file pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import BackofficeError, NotFoundError
from backoffice.pricefiles import messages_en as _english  # noqa: F401  (adds the English)
from backoffice.pricefiles.background import get_job, rerun, run_job
from backoffice.pricefiles.models import PriceImportJob
from backoffice.pricefiles.progress import status
from backoffice.web.templating import add_folder, render

router = APIRouter(tags=["pages"])
add_folder(Path(__file__).parent / "templates")
AdminDep = Annotated[Access, Depends(require(Permission.SHARED_CATALOG_WRITE))]
REFRESH_SECONDS = 2


def defer(request: Request, background: BackgroundTasks, job: PriceImportJob) -> None:
    """Hand the committed job to the app's job queue, or without one (a web process that does
    not run jobs) to a background task of this request."""
    queue = request.app.state.job_queue
    if queue:
        queue[0].pricefile(job.id, job.attempt)
        return
    state = request.app.state
    background.add_task(run_job, state.sessions, job.id, job.attempt, state.clock)


def job_redirect(job: PriceImportJob) -> RedirectResponse:
    return RedirectResponse(f"/pricefiles/jobs/{job.id}", status_code=303)


@router.get("/pricefiles/jobs/{job_id}")
def job_page(
    job_id: int, request: Request, access: AdminDep, session: SessionDep, now: NowDep
) -> Response:
    job = get_job(session, job_id)
    seen = status(job, now)
    if isinstance(seen["next"], str):
        return RedirectResponse(seen["next"], status_code=303)
    return render(
        request,
        "pricefile_job.html",
        principal=access.principal,
        job=job,
        seen=seen,
        refresh=REFRESH_SECONDS,
    )


@router.get("/pricefiles/jobs/{job_id}/status")
def job_status(job_id: int, _access: AdminDep, session: SessionDep, now: NowDep) -> JSONResponse:
    """The job's state, rows done of total, the reason of a failure, where to go when done."""
    return JSONResponse(status(get_job(session, job_id), now))


@router.post("/pricefiles/jobs/{job_id}/rerun")
async def rerun_job(
    job_id: int,
    request: Request,
    *,
    background: BackgroundTasks,
    access: AdminDep,
    session: SessionDep,
    now: NowDep,
) -> Response:
    """Run a stopped job again (its worker died; nothing of it was kept)."""
    try:
        job = rerun(session, job_id=job_id, now=now)
    except NotFoundError:
        raise
    except BackofficeError as exc:
        session.rollback()
        job = get_job(session, job_id)
        return render(
            request,
            "pricefile_job.html",
            principal=access.principal,
            job=job,
            seen=status(job, now),
            refresh=REFRESH_SECONDS,
            error=str(exc),
            status_code=409,
        )
    record(
        session,
        actor=access.principal.actor,
        action="pricefile.rerun",
        now=now,
        target=str(job.import_id or ""),
        after={"job": job.id, "kind": job.kind, "attempt": job.attempt},
    )
    session.commit()
    defer(request, background, job)
    return job_redirect(job)
