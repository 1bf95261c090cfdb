"""Backups of the store's database and their restore, each proven by the journal's own check.

A backup is a consistent copy made while the store runs (`byabutik.runtime.backup`), whose
journal (hash chain, receipt series, sales) is verified before it is kept; the newest `keep` are
kept in data_dir/backups and the newest may also go to a USB stick. A restore refuses a copy whose
journal is broken, and one that would take away journal entries the database has (sales made
since), unless forced; it keeps the database it replaces, migrates the copy to this version, and
verifies the journal again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from byabutik.runtime.backup import (
    BackupError,
    backup_name,
    check_sqlite,
    copy_file,
    copy_sqlite,
    restore_sqlite,
    rotate,
)
from byabutik.runtime.db import make_engine
from store_controller.checkout.models import JournalEntryRow
from store_controller.checkout.verify import VerifyReport, verify_journal
from store_controller.db import MIGRATIONS
from store_controller.settings import ControllerSettings

PREFIX = "controller"
BEFORE_RESTORE = "replaced-by-restore"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    report: VerifyReport
    copied_to: Path | None
    removed: list[Path]


@dataclass(frozen=True)
class RestoreResult:
    kept_as: Path | None
    report: VerifyReport


def database_path(settings: ControllerSettings) -> Path:
    url = make_url(settings.effective_database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError("backups are made of the controller's SQLite file (database_url)")
    return Path(url.database)


def backup_folder(settings: ControllerSettings) -> Path:
    return settings.data_dir / "backups"


def make_backup(
    settings: ControllerSettings,
    *,
    now: datetime,
    keep: int = 48,
    folder: Path | None = None,
    copy_to: Path | None = None,
) -> BackupResult:
    """A verified copy of the live database, rotated, and copied to `copy_to` if given."""
    folder = folder or backup_folder(settings)
    target = folder / backup_name(PREFIX, now)
    copy_sqlite(database_path(settings), target)
    report = _verify(target)
    if not report.ok:
        target.unlink()
        raise BackupError(
            "the database's journal is broken, so no backup was kept: "
            + "; ".join(report.problems[:3])
            + " (run `byabutik controller journal verify`)"
        )
    removed = rotate(folder, PREFIX, keep)
    copied = copy_file(target, copy_to) if copy_to is not None else None
    if copy_to is not None:
        rotate(copy_to, PREFIX, keep)
    return BackupResult(path=target, report=report, copied_to=copied, removed=removed)


def restore_backup(
    settings: ControllerSettings, backup: Path, *, now: datetime, force: bool = False
) -> RestoreResult:
    """Put `backup` in place of the database (the controller must be stopped)."""
    check_sqlite(backup)
    report = _verify(backup)  # a backup from an older version is verified once migrated
    if not report.ok:
        raise BackupError(
            f"{backup}'s journal is broken, nothing was restored: " + "; ".join(report.problems[:3])
        )
    database = database_path(settings)
    kept_as = None
    if database.exists() and database.stat().st_size > 0:
        newer = _newest_seq(database) - _newest_seq(backup)
        if newer > 0 and not force:
            raise BackupError(
                f"the database has {newer} journal entries (sales, Z-reports) newer than "
                f"{backup.name}; restoring would take them out of this store. Pick a newer "
                f"backup, or add --force (the database is kept beside the backups)"
            )
        kept_as = backup_folder(settings) / backup_name(BEFORE_RESTORE, now)
        copy_sqlite(database, kept_as)
    restore_sqlite(backup, database)
    engine = make_engine(settings.effective_database_url)
    try:
        MIGRATIONS.upgrade(engine)  # a backup from an older version is brought up to this one
        after = verify_journal(engine)
    finally:
        engine.dispose()
    if not after.ok:
        raise BackupError("the restored journal does not verify: " + "; ".join(after.problems[:3]))
    return RestoreResult(kept_as=kept_as, report=after)


def _read_only(path: Path) -> Engine:
    return create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")


def _verify(path: Path) -> VerifyReport:
    """The journal of a backup file, read only; older versions' files are checked later."""
    engine = _read_only(path)
    try:
        if not MIGRATIONS.current(engine):
            return VerifyReport(problems=[f"{path} holds no Byabutik controller database"])
        MIGRATIONS.refuse_newer(engine, command_name="byabutik controller")
        if not MIGRATIONS.at_head(engine):
            return VerifyReport()
        return verify_journal(engine)
    finally:
        engine.dispose()


def _newest_seq(path: Path) -> int:
    engine = _read_only(path)
    try:
        with Session(engine) as session:
            return session.scalar(select(func.max(JournalEntryRow.seq))) or 0
    except Exception:  # no journal table: nothing to lose
        return 0
    finally:
        engine.dispose()
