"""Database engines and Alembic migrations for both apps.

SQLite connections get WAL, synchronous=FULL (a committed sale survives a power cut if the storage
honours flushes), foreign keys and a busy timeout. PostgreSQL gets pre-ping for long-lived pools.

Alembic (about 10 MB resident) is imported only when a migration has to run: the revisions and
the head are read from the scripts' `revision` / `down_revision` lines, and the database's
revision from its `alembic_version` table, so a controller whose database is already at head
starts without it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click
from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    MetaData,
    TypeDecorator,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import Dialect, make_url

from byabutik.runtime.files import make_private, touch_private

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_BUSY_TIMEOUT_MS = 5000
"""How long a connection waits for SQLite's write lock before "database is locked"."""

# One naming convention so that Alembic emits stable, reversible constraint names everywhere.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[sqlite3.Connection, object], None]:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        finally:
            cursor.close()

    return on_connect


SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def sqlite_files(database: Path) -> list[Path]:
    """The database file and the journal files SQLite keeps beside it."""
    return [database.with_name(database.name + suffix) for suffix in SQLITE_COMPANIONS]


def _private_sqlite_file(database: Path) -> None:
    """The database is created 0600 before SQLite opens it (SQLite gives its -wal and -shm
    files the database's mode), and files from older versions are narrowed to 0600."""
    touch_private(database)
    for path in sqlite_files(database):
        if path.exists():
            make_private(path)


def make_engine(
    url: str, *, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS, **kwargs: Any
) -> Engine:
    """An engine for `url`; SQLite files get a private folder and file (0700, 0600) and the
    durability pragmas, and wait up to `sqlite_busy_timeout_ms` for the write lock."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
            _private_sqlite_file(Path(parsed.database))
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas(sqlite_busy_timeout_ms))
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


class DatabaseNewerThanCode(click.ClickException):
    """The database was migrated by a newer version; the message names what to do (the CLI
    prints it and exits 2)."""

    exit_code = 2


VERSION_TABLE = "alembic_version"
_REVISION_LINE = re.compile(r"^revision\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_REVISION_LINE = re.compile(r"^down_revision\s*(?::[^=]*)?=(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


@dataclass(frozen=True)
class Revisions:
    """Every revision of an app's scripts and the heads among them."""

    known: frozenset[str]
    heads: frozenset[str]


def scan_revisions(versions: Path) -> Revisions | None:
    """The revisions read from the scripts' own `revision` and `down_revision` lines, without
    importing Alembic; None when a script does not say them plainly (Alembic then decides)."""
    known: set[str] = set()
    parents: set[str] = set()
    for script in sorted(versions.glob("*.py")):
        source = script.read_text(encoding="utf-8")
        revision = _REVISION_LINE.search(source)
        down = _DOWN_REVISION_LINE.search(source)
        if revision is None or down is None:
            return None
        known.add(revision.group(1))
        parents.update(_QUOTED.findall(down.group(1)))
    if not known or not parents <= known:
        return None
    return Revisions(known=frozenset(known), heads=frozenset(known - parents))


@dataclass(frozen=True)
class Migrations:
    """The Alembic scripts of one app, found as package data (`package` holds `versions/`)."""

    package: str

    def config(self, url: str | None = None, connection: Connection | None = None) -> Config:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files(self.package)))
        if url is not None:
            cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        cfg.attributes["connection"] = connection
        return cfg

    @cached_property
    def _scanned(self) -> Revisions | None:
        return scan_revisions(Path(str(resources.files(self.package))) / "versions")

    def heads(self) -> set[str]:
        if self._scanned is not None:
            return set(self._scanned.heads)
        from alembic.script import ScriptDirectory

        return set(ScriptDirectory.from_config(self.config()).get_heads())

    def known(self) -> set[str]:
        """Every revision this version of the code has a migration for."""
        if self._scanned is not None:
            return set(self._scanned.known)
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(self.config())
        return {revision.revision for revision in script.walk_revisions()}

    def refuse_newer(self, engine: Engine, *, command_name: str) -> None:
        """DatabaseNewerThanCode when a newer version of Byabutik has migrated the database."""
        unknown = self.current(engine) - self.known()
        if unknown:
            head = ", ".join(sorted(self.heads()))
            raise DatabaseNewerThanCode(
                f"the database is at revision {', '.join(sorted(unknown))}, which this version "
                f"of Byabutik does not know: a newer version has upgraded it. Run that newer "
                f"version again, or roll back with it first: `{command_name} migrate "
                f"--revision {head}` (this version's newest), then start this version "
                f"(docs/operator-guide.md, 'Rolling back an upgrade')"
            )

    def upgrade(self, engine: Engine, revision: str = "head") -> None:
        """Upgrade to `revision`; a database already at head is left alone without Alembic."""
        if revision == "head" and self.at_head(engine):
            return
        from alembic import command

        with _one_transaction(engine) as connection:
            command.upgrade(self.config(connection=connection), revision)

    def migrate(self, engine: Engine, revision: str = "head") -> str:
        """Upgrade to `revision`, or downgrade when it is older than the database; which it was."""
        from alembic.script import ScriptDirectory

        current = self.current(engine)
        script = ScriptDirectory.from_config(self.config())
        older = {
            step.revision
            for head in current
            for step in script.iterate_revisions(head, "base")
            if step.revision not in current
        }
        if revision in older or revision == "base":
            self.downgrade(engine, revision)
            return "downgraded"
        self.upgrade(engine, revision)
        return "upgraded"

    def downgrade(self, engine: Engine, revision: str = "base") -> None:
        from alembic import command

        with _one_transaction(engine) as connection:
            command.downgrade(self.config(connection=connection), revision)

    def current(self, engine: Engine) -> set[str]:
        """The revisions stored in the database's version table (empty: never migrated)."""
        with engine.connect() as connection:
            if not inspect(connection).has_table(VERSION_TABLE):
                return set()
            rows = connection.execute(text("SELECT version_num FROM alembic_version"))
            return {str(row[0]) for row in rows}

    def at_head(self, engine: Engine) -> bool:
        return self.current(engine) == self.heads()


@contextmanager
def _one_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction around every statement of a migration, its DDL too. Python's sqlite3
    (3.11) opens SQLite's transaction only before an INSERT, UPDATE or DELETE: a migration's
    first CREATE and ALTER statements were committed one by one, and a migration that failed or
    was killed after them left tables that its next run tripped over.

    On SQLite the foreign keys are off for the migration, as SQLite's procedure for a table
    rebuild asks (a parent table cannot be dropped and made anew with them on, and the pragma is
    a no-op inside a transaction), and checked whole before the commit: a violation rolls the
    migration back. The connection has them on again afterwards."""
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            with connection.begin():
                yield connection
            return
        try:
            with connection.begin():
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.exec_driver_sql("BEGIN")
                yield connection
                violations = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if violations:
                    raise RuntimeError(f"the migration breaks foreign keys: {violations[:5]}")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def run_migration_env(metadata: MetaData) -> None:
    """The body of every app's Alembic `env.py`: online migrations on the given connection."""
    from alembic import context

    config = context.config
    connection: Connection | None = config.attributes.get("connection")
    if connection is None:
        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as own:
            _run(context, own, metadata)
        engine.dispose()
    else:
        _run(context, connection, metadata)


def _render_item(type_: str, obj: Any, _autogen_context: Any) -> str | Literal[False]:
    # Migrations must not depend on our Python types: UtcDateTime is stored as a plain timestamp.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(context: Any, connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_item=_render_item,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def readiness_report(engine: Engine, migrations: Migrations) -> dict[str, object]:
    """Is the database reachable and migrated to head? A report for `/readyz`."""
    report: dict[str, object] = {"database": "unreachable", "migrations": "unknown"}
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        report["database"] = "ok"
        current, heads = migrations.current(engine), migrations.heads()
        report["migrations"] = "at head" if current == heads else "behind"
        report["revision"] = sorted(current)
    except Exception as exc:
        report["error"] = type(exc).__name__
    return report
