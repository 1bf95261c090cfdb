"""Migrated databases copied from a template instead of migrated one by one.

Running the backoffice's migrations takes a second or more of CPU (PostgreSQL or SQLite), the
controller's a fraction of that; copying an already migrated database takes a few milliseconds.
Each test process migrates one template of each kind it needs and copies it:

- PostgreSQL: `CREATE DATABASE ... TEMPLATE`, the template named by the process id and a digest
  of the migration scripts, so two processes never copy one template while the other creates
  it; dropped on exit;
- SQLite: the template file's bytes written into the test's (still empty) database file, which
  keeps the file the engine made for it (its 0600 mode).

`migrate(engine, migrations)` is what a test calls instead of `migrations.upgrade(engine)`: a
fresh, empty database is replaced by a copy of the template; any other database (one that
already has tables, or SQLite in memory) is migrated as before. The template is made by the
very migrations being copied, so a copy is the database those migrations would have made.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

from byabutik.runtime.db import Migrations, make_engine

_templates: dict[str, str] = {}


def _admin(url: URL) -> Engine:
    """An engine on the database the test URL names (the one `postgres_url` creates from)."""
    admin_db = make_url(
        os.environ.get("BYABUTIK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1/test")
    ).database
    return create_engine(url.set(database=admin_db), isolation_level="AUTOCOMMIT")


def migrate(engine: Engine, migrations: Migrations) -> None:
    """Bring `engine`'s database to head: a copy of the migrated template for an empty
    PostgreSQL database or SQLite file, the migrations themselves otherwise."""
    url = engine.url
    backend = url.get_backend_name()
    if backend == "sqlite" and _is_file(url) and not _has_tables(engine):
        _copy_sqlite(engine, migrations)
        return
    if backend != "postgresql" or not url.database or _has_tables(engine):
        migrations.upgrade(engine)
        return
    template = _template(url, migrations)
    engine.dispose()
    _as_admin(
        url,
        f'DROP DATABASE "{url.database}" WITH (FORCE)',
        f'CREATE DATABASE "{url.database}" TEMPLATE "{template}"',
    )


def _as_admin(url: URL, *statements: str) -> None:
    """`statements` run one by one, outside a transaction, on the database the tests start from."""
    admin = _admin(url)
    try:
        with admin.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        admin.dispose()


def _is_file(url: URL) -> bool:
    return bool(url.database) and url.database != ":memory:" and not url.query.get("uri")


def _copy_sqlite(engine: Engine, migrations: Migrations) -> None:
    """The template's bytes into the engine's empty database file (no journal left beside it)."""
    engine.dispose()
    database = Path(str(engine.url.database))
    for journal in ("-wal", "-shm", "-journal"):
        Path(f"{database}{journal}").unlink(missing_ok=True)
    shutil.copyfile(_sqlite_template(migrations), database)


_sqlite_templates: dict[str, Path] = {}


def _sqlite_template(migrations: Migrations) -> Path:
    key = f"{migrations.package}:{_scripts_digest(migrations)}"
    if key not in _sqlite_templates:
        folder = Path(tempfile.mkdtemp(prefix="byabutik-tpl-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "template.db"
        engine = make_engine(f"sqlite:///{path}")
        try:
            migrations.upgrade(engine)
        finally:
            engine.dispose()  # the last connection's close folds the WAL into the file
        _sqlite_templates[key] = path
    return _sqlite_templates[key]


def _scripts_digest(migrations: Migrations) -> str:
    versions = Path(str(resources.files(migrations.package))) / "versions"
    digest = hashlib.sha256()
    for script in sorted(versions.glob("*.py")):
        digest.update(script.name.encode() + b"\0" + script.read_bytes())
    return digest.hexdigest()


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def _template(url: URL, migrations: Migrations) -> str:
    digest = _scripts_digest(migrations)
    key = f"{migrations.package}:{digest}"
    if key in _templates:
        return _templates[key]
    name = f"byabutik_tpl_{os.getpid()}_{digest[:10]}"
    _as_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    engine = make_engine(url.set(database=name).render_as_string(hide_password=False))
    try:
        migrations.upgrade(engine)
    finally:
        engine.dispose()
    _templates[key] = name
    atexit.register(_as_admin, url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return name
