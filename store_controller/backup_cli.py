"""`byabutik controller backup | restore | migrate`: the store's database across its lifetime."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from store_controller.settings import load_controller_settings

_CONFIG = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BYABUTIK_CONTROLLER_CONFIG",
    default=None,
    help="controller TOML file (env BYABUTIK_CONTROLLER_CONFIG)",
)


@click.command()
@_CONFIG
@click.option("--keep", type=click.IntRange(min=1), default=48, show_default=True)
@click.option(
    "--copy-to",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="BYABUTIK_BACKUP_COPY_TO",
    default=None,
    help="also copy it into this folder, e.g. a USB stick (env BYABUTIK_BACKUP_COPY_TO)",
)
def backup(config_file: Path | None, keep: int, copy_to: Path | None) -> None:
    """Copy the live database into data_dir/backups, verify its journal, keep the newest KEEP."""
    from byabutik.runtime.backup import BackupError
    from store_controller.backup import make_backup

    settings = load_controller_settings(config_file)
    try:
        result = make_backup(settings, now=datetime.now(UTC), keep=keep, copy_to=copy_to)
    except BackupError as exc:
        click.echo(f"backup failed: {exc}", err=True)
        sys.exit(1)
    click.echo(
        f"backup {result.path}: journal ok, {result.report.entries} entries, "
        f"{result.report.sales} sales"
        + (f"; copied to {result.copied_to}" if result.copied_to else "")
        + (f"; removed {len(result.removed)} old" if result.removed else "")
    )


@click.command()
@_CONFIG
@click.argument("backup_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="restore even if it takes newer sales away")
def restore(config_file: Path | None, backup_file: Path, force: bool) -> None:
    """Put BACKUP_FILE in place of the database (stop byabutik-controller first), then verify
    the journal. The replaced database is kept beside the backups."""
    from byabutik.runtime.backup import BackupError
    from byabutik.runtime.db import DatabaseNewerThanCode
    from store_controller.backup import restore_backup

    settings = load_controller_settings(config_file)
    try:
        result = restore_backup(settings, backup_file, now=datetime.now(UTC), force=force)
    except (BackupError, DatabaseNewerThanCode) as exc:
        message = exc.message if isinstance(exc, DatabaseNewerThanCode) else str(exc)
        click.echo(f"restore refused: {message}", err=True)
        sys.exit(1)
    if result.kept_as is not None:
        click.echo(f"the replaced database is kept as {result.kept_as}")
    click.echo(
        f"restored {backup_file.name}: journal ok, {result.report.entries} entries, "
        f"{result.report.sales} sales"
    )


@click.command()
@_CONFIG
@click.option("--revision", default="head", show_default=True, help="target revision")
def migrate(config_file: Path | None, revision: str) -> None:
    """Upgrade the database to REVISION, or downgrade it to an older one (rolling back an
    upgrade: run with the newer version, then install the older one)."""
    from byabutik.runtime.db import make_engine
    from byabutik.runtime.logging import configure_logging, redact
    from store_controller.db import MIGRATIONS

    settings = load_controller_settings(config_file)
    # Alembic's steps in the controller's log format (`controller run` passes them on)
    configure_logging(fmt=settings.effective_log_format, level=settings.log_level)
    engine = make_engine(settings.effective_database_url)
    try:
        MIGRATIONS.refuse_newer(engine, command_name="byabutik controller")
        before = ", ".join(sorted(MIGRATIONS.current(engine))) or "an empty database"
        try:
            done = MIGRATIONS.migrate(engine, revision)
        except Exception as exc:  # any migration's error: one line names it, the log has all
            logging.getLogger(__name__).error("migration failed", exc_info=True)
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise click.ClickException(
                redact(
                    f"the migration from {before} to {revision} failed and was rolled back: "
                    f"{type(exc).__name__}: {first}"
                )
            ) from exc
        revision = ", ".join(sorted(MIGRATIONS.current(engine)))
        click.echo(f"controller database at {revision} ({done})")
    finally:
        engine.dispose()
