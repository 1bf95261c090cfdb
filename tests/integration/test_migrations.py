"""Both apps' migrations go up, down and up again, and the models match the head revision."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.schema import CreateIndex

from backoffice.db import MIGRATIONS as BACKOFFICE
from backoffice.db.models import Base as BackofficeBase
from byabutik.runtime.db import Migrations, Revisions, make_engine, scan_revisions
from store_controller.db import MIGRATIONS as CONTROLLER
from store_controller.db.models import Base as ControllerBase

APPS = [
    pytest.param(BACKOFFICE, BackofficeBase.metadata, id="backoffice"),
    pytest.param(CONTROLLER, ControllerBase.metadata, id="controller"),
]


@pytest.mark.parametrize(("migrations", "metadata"), APPS)
def test_up_down_up_leaves_the_schema_at_head(
    database_url: str, migrations: Migrations, metadata: MetaData
) -> None:
    engine = make_engine(database_url)
    try:
        migrations.upgrade(engine)
        assert migrations.at_head(engine)
        assert set(metadata.tables) <= set(inspect(engine).get_table_names())

        migrations.downgrade(engine, "base")
        assert migrations.current(engine) == set()
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

        migrations.upgrade(engine)
        assert migrations.at_head(engine)
    finally:
        engine.dispose()


@pytest.mark.parametrize(("migrations", "metadata"), APPS)
def test_models_match_the_head_revision(
    database_url: str, migrations: Migrations, metadata: MetaData
) -> None:
    engine = make_engine(database_url)
    try:
        migrations.upgrade(engine)
        with engine.connect() as connection:
            postgresql = connection.dialect.name == "postgresql"

            def include(item: Any, *_: Any) -> bool:  # a PostgreSQL-only index elsewhere
                return postgresql or not getattr(item, "info", {}).get("postgresql_only")

            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include}
            )
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize(("migrations", "metadata"), APPS)
def test_partial_indexes_at_head_have_the_models_conditions(
    database_url: str, migrations: Migrations, metadata: MetaData
) -> None:
    """Alembic's compare ignores an index's WHERE: each partial index of the models is built
    beside the migrated one under another name, and the database must read both alike."""
    engine = make_engine(database_url)
    try:
        migrations.upgrade(engine)
        with engine.connect() as connection:
            dialect = connection.dialect.name
            partial = [
                index
                for table in metadata.tables.values()
                for index in table.indexes
                if index.dialect_kwargs.get(f"{dialect}_where") is not None
            ]
            assert partial or metadata is not BackofficeBase.metadata
            for index in partial:
                assert index.name is not None
                ddl = str(CreateIndex(index).compile(connection)).replace(
                    f"INDEX {index.name} ", f"INDEX check_{index.name} ", 1
                )
                connection.execute(text(ddl))
                migrated = _index_definition(connection, index.name)
                assert migrated is not None, index.name
                assert _index_definition(connection, f"check_{index.name}") == migrated
                connection.execute(text(f"DROP INDEX check_{index.name}"))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_column_collations_at_head_are_the_models(postgres_url: str) -> None:
    """Alembic's compare ignores a collation that only one side names: on PostgreSQL each
    column's collation at head must be the one its model's type names, none where it names
    none (the database's own). PostgreSQL only: SQLite columns carry no collation here."""
    engine = make_engine(postgres_url)
    try:
        BACKOFFICE.upgrade(engine)
        with engine.connect() as connection:
            found = {
                (table, column): collation
                for table, column, collation in connection.execute(
                    text(
                        "SELECT table_name, column_name, collation_name"
                        " FROM information_schema.columns WHERE table_schema = 'public'"
                    )
                )
            }
            wanted = {
                (table.name, column.name): getattr(
                    column.type.dialect_impl(connection.dialect), "collation", None
                )
                for table in BackofficeBase.metadata.tables.values()
                for column in table.columns
            }
        assert ("sync_received", "identity") in wanted
        assert wanted[("sync_received", "identity")] == "C"
        assert {key: found[key] for key in wanted} == wanted
    finally:
        engine.dispose()


def _index_definition(connection: Connection, name: str) -> str | None:
    """The index as the database holds it, its own name left out."""
    if connection.dialect.name == "postgresql":
        query = "SELECT pg_get_indexdef(to_regclass(:name))"
    else:
        query = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"
    found = connection.execute(text(query), {"name": name}).scalar()
    return None if found is None else " ".join(str(found).replace(name, "?", 1).split())


@pytest.mark.parametrize("migrations", [BACKOFFICE, CONTROLLER], ids=["backoffice", "controller"])
def test_revisions_read_without_alembic_are_alembics(migrations: Migrations) -> None:
    script = ScriptDirectory.from_config(migrations.config())
    assert migrations.heads() == set(script.get_heads())
    assert migrations.known() == {revision.revision for revision in script.walk_revisions()}


def test_a_script_that_does_not_say_its_revision_plainly_leaves_it_to_alembic(
    tmp_path: Path,
) -> None:
    (tmp_path / "0001_a.py").write_text('revision = "0001"\ndown_revision = None\n')
    (tmp_path / "0002_b.py").write_text('revision: str = "0002"\ndown_revision = ("0001",)\n')
    assert scan_revisions(tmp_path) == Revisions(
        known=frozenset({"0001", "0002"}), heads=frozenset({"0002"})
    )
    (tmp_path / "0003_c.py").write_text("revision = make_revision()\ndown_revision = '0002'\n")
    assert scan_revisions(tmp_path) is None


START_AT_HEAD = """
import sys
from byabutik.runtime.db import make_engine
from store_controller.db import MIGRATIONS

engine = make_engine(sys.argv[1])
MIGRATIONS.refuse_newer(engine, command_name="byabutik controller")
MIGRATIONS.upgrade(engine)
print(MIGRATIONS.at_head(engine), "alembic" in sys.modules)
"""


def test_a_controller_database_at_head_is_opened_without_loading_alembic(tmp_path: Path) -> None:
    """Alembic costs the controller ~10 MB resident; at head it is not needed."""
    url = f"sqlite:///{tmp_path / 'controller.db'}"

    def start() -> str:
        done = subprocess.run(
            [sys.executable, "-c", START_AT_HEAD, url], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert start() == "True True"  # a new database is migrated, with Alembic
    assert start() == "True False"  # then it is at head: no Alembic


@pytest.mark.parametrize("start", [None, "0001"], ids=["new", "at-0001"])
def test_a_failed_controller_migration_leaves_the_database_as_it_was(
    tmp_path: Path, start: str | None
) -> None:
    """Every statement of a migration is in its one SQLite transaction, the DDL too: one that
    fails half-way (a table in its way) leaves none of its tables behind, and runs whole once
    the way is clear (a killed one likewise: SQLite rolls the transaction back at next open)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'controller.db'}")
    if start is not None:
        CONTROLLER.upgrade(engine, start)
    before = set(inspect(engine).get_table_names())
    with engine.begin() as connection:  # 0002 makes alerts and customers before visits
        connection.execute(text("CREATE TABLE visits (id INTEGER PRIMARY KEY)"))
    with pytest.raises(OperationalError, match="table visits already exists"):
        CONTROLLER.upgrade(engine)
    assert set(inspect(engine).get_table_names()) == before | {"visits"}
    assert CONTROLLER.current(engine) == ({start} if start else set())
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE visits"))
    CONTROLLER.upgrade(engine)
    assert CONTROLLER.at_head(engine)
    engine.dispose()
