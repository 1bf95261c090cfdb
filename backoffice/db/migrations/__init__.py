"""Alembic scripts of the backoffice (run through `byabutik backoffice migrate`)."""
