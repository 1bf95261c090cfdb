"""Declarative base for every mapped controller class: the classes map onto the Core tables of
`store_controller.db.tables`, whose metadata this is."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from store_controller.db import tables


class Base(DeclarativeBase):
    metadata = tables.metadata
