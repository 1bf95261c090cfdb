"""The controller's composition root: settings in, a wired application out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from byabutik import __version__
from byabutik.runtime.db import make_engine, readiness_report
from byabutik.runtime.web import RequestIdMiddleware, health_router
from store_controller.db import MIGRATIONS
from store_controller.settings import ControllerSettings


def open_database(settings: ControllerSettings) -> Engine:
    """The local database, migrated to head: a Pi upgrades its own schema at start."""
    engine = make_engine(settings.effective_database_url)
    MIGRATIONS.upgrade(engine)
    return engine


def create_app(settings: ControllerSettings, engine: Engine) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title=f"Byabutik store controller ({settings.store_id})",
        version=__version__,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.add_middleware(RequestIdMiddleware)
    app.include_router(health_router(lambda: readiness_report(engine, MIGRATIONS)))
    return app
