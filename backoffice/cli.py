"""`byabutik backoffice ...`: serve the backoffice and manage its database."""

from __future__ import annotations

from pathlib import Path

import click

from backoffice.backup_cli import backup, restore
from backoffice.payments.reconcile_api import reconcile_command
from backoffice.people.cli import create_user, verify_audit
from backoffice.settings import load_backoffice_settings
from backoffice.stores.cli import store
from byabutik.runtime.logging import configure_logging


@click.group(name="backoffice")
def backoffice() -> None:
    """The central backoffice (settings from BYABUTIK_BACKOFFICE_* variables)."""


@backoffice.command()
@click.option("--revision", default="head", show_default=True, help="target revision")
def migrate(revision: str) -> None:
    """Upgrade the database schema to REVISION, or downgrade it to an older one (rolling back an
    upgrade: run with the newer version, then install the older one)."""
    from backoffice.db import MIGRATIONS, make_backoffice_engine

    settings = load_backoffice_settings()
    configure_logging(fmt=settings.effective_log_format, level=settings.log_level)
    engine = make_backoffice_engine(settings.effective_database_url)
    try:
        MIGRATIONS.refuse_newer(engine, command_name="byabutik backoffice")
        done = MIGRATIONS.migrate(engine, revision)
        revision = ", ".join(sorted(MIGRATIONS.current(engine)))
        click.echo(f"backoffice database at {revision} ({done})")
    finally:
        engine.dispose()


@backoffice.command()
@click.option("--host", default=None, help="overrides BYABUTIK_BACKOFFICE_HOST")
@click.option("--port", type=int, default=None, help="overrides BYABUTIK_BACKOFFICE_PORT")
def serve(host: str | None, port: int | None) -> None:
    """Serve the backoffice web app and API."""
    import uvicorn

    from backoffice.app import create_app
    from backoffice.db import MIGRATIONS, make_backoffice_engine
    from byabutik.runtime.heap import SERVER_YOUNG_THRESHOLD, settle_after_start

    settings = load_backoffice_settings()
    configure_logging(fmt=settings.effective_log_format, level=settings.log_level)
    engine = make_backoffice_engine(settings.effective_database_url)
    try:  # a database that a newer version upgraded is refused before anything is served
        MIGRATIONS.refuse_newer(engine, command_name="byabutik backoffice")
    finally:
        engine.dispose()
    app = create_app(settings, run_jobs=True)
    settle_after_start(young_threshold=SERVER_YOUNG_THRESHOLD)
    uvicorn.run(
        app,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        proxy_headers=True,
    )


@backoffice.command()
@click.option("--name", default=None, help="worker name in logs (default: host-pid)")
@click.option("--concurrency", type=int, default=4, show_default=True)
def worker(name: str | None, concurrency: int) -> None:
    """Run background jobs (alert rules, notifications) on PostgreSQL; run several for safety:
    each job still runs once."""
    from backoffice.jobs.workers import main

    settings = load_backoffice_settings()
    configure_logging(fmt=settings.effective_log_format, level=settings.log_level)
    main(settings, name=name, concurrency=concurrency)


@backoffice.command(name="vapid-key")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def vapid_key(path: Path) -> None:
    """Make the Web Push (VAPID) private key at PATH, readable only by you (run it as the service
    user; then set BYABUTIK_BACKOFFICE_NOTIFY__VAPID_PRIVATE_KEY_FILE=PATH). Refuses to
    overwrite a key: phones subscribed with the old one would stop hearing of alerts."""
    from backoffice.notify.vapid import make_key_file

    try:
        make_key_file(path)
    except FileExistsError as exc:
        raise click.ClickException(f"{path} exists; not replaced") from exc
    click.echo(f"VAPID key written to {path} (mode 600)")


backoffice.add_command(store)
backoffice.add_command(backup)
backoffice.add_command(restore)
backoffice.add_command(reconcile_command)
backoffice.add_command(create_user)
backoffice.add_command(verify_audit)
