"""Both apps' migrations go up, down and up again, and the models match the head revision."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect

from backoffice.db import MIGRATIONS as BACKOFFICE
from backoffice.db.models import Base as BackofficeBase
from byabutik.runtime.db import Migrations, make_engine
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
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()
