"""The backoffice's composition root: `create_app(settings)`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backoffice.access.rules import PUBLIC
from backoffice.alerts.router import router as alerts_router
from backoffice.audit.exports import audit_export
from backoffice.barcodes.router import router as unknown_barcodes_router
from backoffice.db import MIGRATIONS, make_backoffice_engine
from backoffice.errors import install_error_handlers
from backoffice.jobs.handover import JobQueue, hand_deliveries_to
from backoffice.jobs.local import LocalJobs
from backoffice.jobs.work import JobRuntime
from backoffice.jobs.workers import WorkerQueue
from backoffice.limits import BodyLimitMiddleware
from backoffice.members.blocklist_router import router as blocklist_router
from backoffice.members.invoices_router import router as invoices_router
from backoffice.members.notes_router import router as notes_router
from backoffice.members.rights_router import router as rights_router
from backoffice.members.router import router as members_router
from backoffice.metrics import BackofficeCollector
from backoffice.notify.admin import router as contacts_router
from backoffice.notify.router import router as ack_router
from backoffice.payments.callback_body import MAX_CALLBACK_BYTES
from backoffice.payments.reconcile_api import router as reconciliation_router
from backoffice.payments.router import router as payments_router
from backoffice.pricefiles.router import router as pricefiles_router
from backoffice.products.router import router as products_router
from backoffice.receipts.router import ASSETS_DIR as RECEIPT_ASSETS_DIR
from backoffice.receipts.router import ASSETS_PATH as RECEIPT_ASSETS_PATH
from backoffice.receipts.router import router as receipts_router
from backoffice.reports.router import router as reports_router
from backoffice.settings import BackofficeSettings
from backoffice.stock.router import router as stock_router
from backoffice.stores.pages import router as store_pages
from backoffice.stores.router import router as admin_router
from backoffice.stores.unlock import router as unlock_router
from backoffice.sync.admin import router as sync_admin_router
from backoffice.sync.router import router as sync_router
from backoffice.web.routes import WEB_ASSETS_DIR, WEB_ASSETS_PATH, WEB_ROUTERS
from byabutik import __version__
from byabutik.runtime.apidocs import docs_options, install_api_docs
from byabutik.runtime.db import readiness_report, utcnow
from byabutik.runtime.metrics import install_metrics
from byabutik.runtime.web import RequestIdMiddleware, SecurityHeadersMiddleware, health_router


def create_app(
    settings: BackofficeSettings,
    engine: Engine | None = None,
    *,
    clock: Callable[[], datetime] = utcnow,
    run_jobs: bool = False,
) -> FastAPI:
    """The backoffice; `clock` is the wall time services record (tests pass a fake one).

    With `run_jobs` (what `serve` does) and jobs in process (SQLite), the alert rules and
    deliveries run in this process; otherwise `byabutik backoffice worker` runs them."""
    engine = engine or make_backoffice_engine(settings.effective_database_url)
    sessions = sessionmaker(engine, expire_on_commit=False)

    queue: list[JobQueue] = []
    hand_deliveries_to(sessions, queue)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if run_jobs and settings.jobs_in_process:
            runtime = JobRuntime(sessions, settings, clock, "web")
            local = LocalJobs(runtime, every_seconds=settings.jobs.rules_every_seconds)
            local.start()
            queue.append(local)
        elif run_jobs:
            queue.append(WorkerQueue(settings))
        yield
        while queue:
            queue.pop().close()
        engine.dispose()

    app = FastAPI(
        title="Byabutik backoffice",
        version=__version__,
        lifespan=lifespan,
        **docs_options(enabled=settings.api_docs_enabled),
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.job_queue = queue  # the running queue, if any (price files defer to it)
    app.state.clock = clock
    app.add_middleware(
        BodyLimitMiddleware, prefix="/api/sync/", max_bytes=settings.sync_max_body_bytes
    )
    app.add_middleware(
        BodyLimitMiddleware, prefix="/api/swish/callback", max_bytes=MAX_CALLBACK_BYTES
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestIdMiddleware)
    install_metrics(
        app,
        token_file=settings.metrics_token_file,
        setting="metrics_token_file (BYABUTIK_BACKOFFICE_METRICS_TOKEN_FILE)",
        collectors=[BackofficeCollector(engine, clock)],
    )
    install_error_handlers(app)
    app.include_router(
        health_router(lambda: readiness_report(engine, MIGRATIONS)), dependencies=[PUBLIC]
    )
    app.include_router(sync_router)
    app.include_router(admin_router)
    app.include_router(sync_admin_router)
    for catalog_router in (
        products_router,
        stock_router,
        members_router,
        rights_router,
        blocklist_router,
        invoices_router,
        notes_router,
        pricefiles_router,
        unknown_barcodes_router,
    ):
        app.include_router(catalog_router)
    app.include_router(unlock_router)
    app.include_router(store_pages)
    app.include_router(payments_router)
    app.include_router(reconciliation_router)
    app.include_router(receipts_router)
    app.include_router(reports_router)
    app.include_router(alerts_router)
    app.include_router(ack_router)
    app.include_router(contacts_router)
    for router in WEB_ROUTERS:
        app.include_router(router)
    app.state.export_audit = audit_export
    install_api_docs(app)
    app.mount(WEB_ASSETS_PATH, StaticFiles(directory=WEB_ASSETS_DIR), name="web-assets")
    app.mount(RECEIPT_ASSETS_PATH, StaticFiles(directory=RECEIPT_ASSETS_DIR), name="receipt-assets")
    return app
