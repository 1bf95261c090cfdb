"""Write a new Alembic revision for one app from the difference between its models and head.

    python -m byabutik.runtime.new_migration store_controller.db "customers and visits"

The revision is generated against a throw-away SQLite database migrated to head, numbered after
the newest one, and must be read and tidied by hand before it is committed (STYLE.md, habit 5).
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from byabutik.runtime.db import Migrations, make_engine


def next_revision_id(migrations: Migrations) -> str:
    script = ScriptDirectory.from_config(migrations.config())
    numbers = [int(rev.revision) for rev in script.walk_revisions() if rev.revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def new_migration(package: str, message: str) -> Path:
    migrations: Migrations = importlib.import_module(package).MIGRATIONS
    if len(heads := migrations.heads()) > 1:
        raise SystemExit(f"{package} has several heads {sorted(heads)}: merge them first")
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/scratch.db")
        migrations.upgrade(engine)
        with engine.begin() as connection:
            script = command.revision(
                migrations.config(connection=connection),
                message=message,
                autogenerate=True,
                rev_id=next_revision_id(migrations),
            )
        engine.dispose()
    if script is None or isinstance(script, list):
        raise SystemExit("alembic wrote no single revision")
    return Path(script.path)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    print(new_migration(sys.argv[1], sys.argv[2]))
