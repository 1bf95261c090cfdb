"""Alembic scripts of the controller (applied by `byabutik controller run` at start)."""
