"""Backups of the backoffice's database and their restore, checked by its sync journal.

PostgreSQL is dumped with `pg_dump --format=custom` (one consistent snapshot while the
backoffice runs) and restored with `pg_restore --clean --single-transaction` (all or nothing);
SQLite uses the online backup API. After a restore the schema is migrated to this version and the
sync journal is checked: for every store, each entry 1..acked_through is held exactly once, so a
store's next push fills in whatever it sent after the backup was made (it pushes from its cursor).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from backoffice.db import MIGRATIONS, make_backoffice_engine
from backoffice.sales.models import Sale
from backoffice.stores.models import Store
from backoffice.sync.models import ReceivedEntry, SyncCursor
from byabutik.runtime.backup import (
    BackupError,
    backup_name,
    check_sqlite,
    copy_sqlite,
    restore_sqlite,
    rotate,
)
from byabutik.runtime.files import PRIVATE_FILE, private_dir

PREFIX = "backoffice"
PG_TIMEOUT_S = 3600


@dataclass
class JournalReport:
    stores: int = 0
    entries: int = 0
    sales: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_sync_journal(engine: Engine) -> JournalReport:
    """Every store's received entries are exactly 1..acked_through (no gap, nothing lost)."""
    report = JournalReport()
    with Session(engine) as session:
        report.sales = session.scalar(select(func.count()).select_from(Sale)) or 0
        stores = {row.id: row.slug for row in session.execute(select(Store.id, Store.slug))}
        report.stores = len(stores)
        for cursor in session.scalars(select(SyncCursor)):
            held = session.scalar(
                select(func.count())
                .select_from(ReceivedEntry)
                .where(ReceivedEntry.store_id == cursor.store_id)
                .where(ReceivedEntry.seq <= cursor.acked_through)
            )
            if held != cursor.acked_through:
                report.problems.append(
                    f"store {stores.get(cursor.store_id, cursor.store_id)}: entries up to "
                    f"{cursor.acked_through} acknowledged, {held} held"
                )
        report.entries = session.scalar(select(func.count()).select_from(ReceivedEntry)) or 0
    return report


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump/pg_restore (no driver, no password) and the password in PGPASSWORD
    (never on a command line others can read in ps)."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client)")
    return path


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
        argv, env=env, capture_output=True, text=True, check=False, timeout=PG_TIMEOUT_S
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()[-500:]}")


def make_backup(url: str, folder: Path, *, now: datetime, keep: int = 14) -> Path:
    """A dump of the database into `folder` (0600), checked readable; the newest `keep` kept."""
    parsed = make_url(url)
    private_dir(folder)
    if parsed.get_backend_name() == "sqlite":
        target = folder / backup_name(PREFIX, now, ".db")
        copy_sqlite(Path(parsed.database or ""), target)
        rotate(folder, PREFIX, keep, ".db")
        return target
    target = folder / backup_name(PREFIX, now, ".dump")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    dsn, env = _libpq(parsed)
    try:
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", dsn], env)
        _run([_tool("pg_restore"), "--list", str(partial)], env)  # the dump reads back whole
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    rotate(folder, PREFIX, keep, ".dump")
    return target


def restore_backup(url: str, backup: Path) -> JournalReport:
    """Replace the database's content with `backup`, migrate it, and check the sync journal.
    Stop every backoffice worker first."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        check_sqlite(backup)
        restore_sqlite(backup, Path(parsed.database or ""))
    else:
        if backup.suffix != ".dump":
            raise BackupError(f"{backup} is not a pg_dump file (backoffice-*.dump)")
        dsn, env = _libpq(parsed)
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={dsn}",
                str(backup),
            ],
            env,
        )
    engine = make_backoffice_engine(url)
    try:
        MIGRATIONS.refuse_newer(engine, command_name="byabutik backoffice")
        MIGRATIONS.upgrade(engine)
        report = verify_sync_journal(engine)
    finally:
        engine.dispose()
    if not report.ok:
        problems = "; ".join(report.problems)
        raise BackupError(f"the restored sync journal does not verify: {problems}")
    return report
