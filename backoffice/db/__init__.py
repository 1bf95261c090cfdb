"""The backoffice database: declarative base, every model, and the migrations."""

from byabutik.runtime.db import Migrations

MIGRATIONS = Migrations("backoffice.db.migrations")
