"""`byabutik backoffice ...`: serve the backoffice and manage its database."""

from __future__ import annotations

import click

from backoffice.settings import load_backoffice_settings
from backoffice.stores.cli import store
from byabutik.runtime.logging import configure_logging


@click.group(name="backoffice")
def backoffice() -> None:
    """The central backoffice (settings from BYABUTIK_BACKOFFICE_* variables)."""


@backoffice.command()
@click.option("--revision", default="head", show_default=True, help="target revision")
def migrate(revision: str) -> None:
    """Upgrade the database schema to REVISION."""
    from backoffice.db import MIGRATIONS
    from byabutik.runtime.db import make_engine

    settings = load_backoffice_settings()
    configure_logging(fmt=settings.effective_log_format, level=settings.log_level)
    engine = make_engine(settings.effective_database_url)
    MIGRATIONS.upgrade(engine, revision)
    click.echo(f"backoffice database at {', '.join(sorted(MIGRATIONS.current(engine)))}")


@backoffice.command()
@click.option("--host", default=None, help="overrides BYABUTIK_BACKOFFICE_HOST")
@click.option("--port", type=int, default=None, help="overrides BYABUTIK_BACKOFFICE_PORT")
def serve(host: str | None, port: int | None) -> None:
    """Serve the backoffice web app and API."""
    import uvicorn

    from backoffice.app import create_app

    settings = load_backoffice_settings()
    configure_logging(fmt=settings.effective_log_format, level=settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        proxy_headers=True,
    )


backoffice.add_command(store)
