"""Backups of a live SQLite database: SQLite's online backup API, checked, rotated, copied.

The backup API copies a consistent snapshot while the controller keeps writing (WAL mode): no
sale committed before the copy started is missing from it, none is half in it. Each copy is
checked with `PRAGMA integrity_check` before it replaces anything, is private (0600), and has a
name that sorts by time (`controller-20261205T190000Z.db`), so rotation keeps the newest.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from byabutik.runtime.files import PRIVATE_FILE, private_dir, touch_private

STAMP = "%Y%m%dT%H%M%SZ"


class BackupError(RuntimeError):
    """A backup or restore that could not be made safely; the message says what to do."""


def backup_name(prefix: str, at: datetime, suffix: str = ".db") -> str:
    return f"{prefix}-{at.astimezone(UTC).strftime(STAMP)}{suffix}"


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy the live database `source` to the new file `target` (0600) with the backup API."""
    if not source.exists():
        raise BackupError(f"no database at {source}")
    private_dir(target.parent)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, PRIVATE_FILE)
    os.close(fd)
    try:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.execute("PRAGMA busy_timeout=5000")
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
        check_sqlite(partial)
        _fsync(partial)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def restore_sqlite(backup: Path, database: Path) -> None:
    """Replace the database's content with the backup's, through SQLite (its WAL included);
    a missing database is created 0600."""
    touch_private(database)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(database)
        try:
            dst.execute("PRAGMA busy_timeout=5000")
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def check_sqlite(path: Path) -> None:
    """SQLite's own integrity check of a copy; BackupError naming the file when it fails."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable SQLite database ({exc})") from exc
    if result != [("ok",)]:
        detail = "; ".join(str(row[0]) for row in result[:3])
        raise BackupError(f"{path} fails SQLite's integrity check: {detail}")


def rotate(folder: Path, prefix: str, keep: int, suffix: str = ".db") -> list[Path]:
    """Delete all but the newest `keep` backups named `prefix-*suffix`; the deleted ones."""
    if keep < 1:
        raise BackupError("keep at least one backup")
    backups = sorted(folder.glob(f"{prefix}-*{suffix}"))
    old = backups[:-keep]
    for path in old:
        path.unlink()
    return old


def copy_file(path: Path, folder: Path) -> Path:
    """Copy a finished backup into `folder` (a USB stick's mount point), flushed to it."""
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder (is the USB stick mounted?)")
    target = folder / path.name
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(path, partial)
    partial.chmod(PRIVATE_FILE)
    _fsync(partial)
    partial.replace(target)
    return target


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
