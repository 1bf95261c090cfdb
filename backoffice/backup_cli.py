"""`byabutik backoffice backup | restore`: nightly dumps of the backoffice's database."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from backoffice.settings import load_backoffice_settings


@click.command()
@click.option(
    "--to",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="where the dumps go (default: data_dir/backups)",
)
@click.option("--keep", type=click.IntRange(min=1), default=14, show_default=True)
def backup(folder: Path | None, keep: int) -> None:
    """Dump the database (pg_dump, or SQLite's backup API), keep the newest KEEP."""
    from backoffice.backup import make_backup
    from byabutik.runtime.backup import BackupError

    settings = load_backoffice_settings()
    try:
        path = make_backup(
            settings.effective_database_url,
            folder or settings.data_dir / "backups",
            now=datetime.now(UTC),
            keep=keep,
        )
    except BackupError as exc:
        click.echo(f"backup failed: {exc}", err=True)
        sys.exit(1)
    click.echo(f"backup {path}")


@click.command()
@click.argument("backup_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="confirm: the database's content is replaced")
def restore(backup_file: Path, yes: bool) -> None:
    """Replace the database's content with BACKUP_FILE (stop every backoffice worker first),
    migrate it to this version and verify the sync journal. Stores push again whatever they
    sent after the dump was made."""
    from backoffice.backup import restore_backup
    from byabutik.runtime.backup import BackupError

    if not yes:
        raise click.UsageError("this replaces the database's content: add --yes to go on")
    settings = load_backoffice_settings()
    try:
        report = restore_backup(settings.effective_database_url, backup_file)
    except BackupError as exc:
        click.echo(f"restore failed: {exc}", err=True)
        sys.exit(1)
    click.echo(
        f"restored {backup_file.name}: sync journal ok, {report.stores} stores, "
        f"{report.entries} entries, {report.sales} sales"
    )
