"""The backoffice's composition root: `create_app(settings)`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from backoffice.db import MIGRATIONS
from backoffice.settings import BackofficeSettings
from byabutik import __version__
from byabutik.runtime.db import make_engine, readiness_report
from byabutik.runtime.web import RequestIdMiddleware, health_router


def create_app(settings: BackofficeSettings, engine: Engine | None = None) -> FastAPI:
    engine = engine or make_engine(settings.effective_database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(title="Byabutik backoffice", version=__version__, lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.add_middleware(RequestIdMiddleware)
    app.include_router(health_router(lambda: readiness_report(engine, MIGRATIONS)))
    return app
