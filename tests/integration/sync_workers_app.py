"""For a test's uvicorn subprocess with several workers: the backoffice from the
BYABUTIK_BACKOFFICE_* variables (`uvicorn tests.integration.sync_workers_app:app_factory
--factory`)."""

from __future__ import annotations

from fastapi import FastAPI

from backoffice.app import create_app
from backoffice.settings import load_backoffice_settings


def app_factory() -> FastAPI:
    return create_app(load_backoffice_settings())
