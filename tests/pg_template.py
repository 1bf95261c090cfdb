"""Migrated PostgreSQL databases copied from a template instead of migrated one by one.

Running the backoffice's migrations on PostgreSQL takes one to three seconds; copying an already
migrated database (`CREATE DATABASE ... TEMPLATE`) takes a fraction of that. Each test process
migrates one template of its own (named by its process id and a digest of the migration scripts,
so two processes never copy one template while the other creates it) and drops it on exit.

`migrate(engine, migrations)` is what a test calls instead of `migrations.upgrade(engine)`: a
fresh, empty PostgreSQL database is replaced by a copy of the template under the same name; any
other database (SQLite, or one that already has tables) is migrated as before.
"""

from __future__ import annotations

import atexit
import hashlib
import os
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
    PostgreSQL database, the migrations themselves otherwise."""
    url = engine.url
    if url.get_backend_name() != "postgresql" or not url.database or _has_tables(engine):
        migrations.upgrade(engine)
        return
    template = _template(url, migrations)
    engine.dispose()
    admin = _admin(url)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{url.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{url.database}" TEMPLATE "{template}"'))
    finally:
        admin.dispose()


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def _template(url: URL, migrations: Migrations) -> str:
    versions = Path(str(resources.files(migrations.package))) / "versions"
    digest = hashlib.sha256()
    for script in sorted(versions.glob("*.py")):
        digest.update(script.name.encode() + b"\0" + script.read_bytes())
    key = f"{migrations.package}:{digest.hexdigest()}"
    if key in _templates:
        return _templates[key]
    name = f"byabutik_tpl_{os.getpid()}_{digest.hexdigest()[:10]}"
    admin = _admin(url)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    engine = make_engine(url.set(database=name).render_as_string(hide_password=False))
    try:
        migrations.upgrade(engine)
    finally:
        engine.dispose()
    _templates[key] = name
    atexit.register(_drop, url, name)
    return name


def _drop(url: URL, name: str) -> None:
    admin = _admin(url)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
