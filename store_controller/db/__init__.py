"""The controller's local SQLite database: declarative base, every model, and the migrations."""

from byabutik.runtime.db import Migrations

MIGRATIONS = Migrations("store_controller.db.migrations")
