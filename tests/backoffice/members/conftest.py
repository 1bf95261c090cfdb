"""The members fixtures: a backoffice on SQLite and PostgreSQL with a movable clock."""

from tests.backoffice.products.conftest import clock, owner

__all__ = ["clock", "owner"]
