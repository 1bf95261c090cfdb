"""What differs between SQLite and PostgreSQL: the INSERT that knows ON CONFLICT."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import psycopg
from sqlalchemy import Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def upsert_insert(session: Session, model: type[Any]) -> Any:
    """An INSERT for `model` with `.on_conflict_do_nothing()` / `.on_conflict_do_update()`."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def pg_connection(session: Session) -> Any | None:
    """The session's psycopg connection on PostgreSQL, None elsewhere: for statements of fixed
    text run on the driver (no SQLAlchemy statement building, compiling or result processing).
    What the session holds pending is flushed first, as the autoflush of an ORM statement
    would."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection().connection.driver_connection


def insert_rows(session: Session, model: type[Any], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (every one with the same keys) in the session's transaction; as
    `insert_tuples`, with each row a mapping."""
    if not rows:
        return
    columns = tuple(rows[0])
    insert_tuples(session, model, columns, [[row[name] for name in columns] for row in rows])


def insert_tuples(
    session: Session,
    model: type[Any],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Insert `rows`, each a tuple of values in the order of `columns`, in the session's
    transaction (built straight from the wire models: no dict per row).

    On PostgreSQL the rows go through COPY on the same connection: several times faster than an
    executemany, which psycopg pipelines but the server still parses, plans and runs per row
    (measured by the sync bench; multi-row VALUES was slower still), and for a few rows a
    fraction of the Python the ORM's bulk insert costs. The COPY is binary with each column's
    own type when every one is of a type in `_BINARY` (see there), else text. Elsewhere, or when
    a column the rows leave out has a default computed in Python (which COPY would not apply),
    one executemany.
    """
    if not rows:
        return
    table = model.__table__
    raw = pg_connection(session) if _copyable(table, tuple(columns)) else None
    if raw is None:
        session.execute(insert(model), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    names = tuple(table.c[name].name for name in columns)
    types = _column_types(raw, table.name, names)
    binary = " (FORMAT BINARY)" if types else ""
    sql = f"COPY {table.name} ({', '.join(names)}) FROM STDIN{binary}"
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        if types:
            copy.set_types(types)
            if _FORMAT_ROW_BINARY is not None:
                _write_binary(copy, _FORMAT_ROW_BINARY, rows)
                return
        write = copy.write_row
        for row in rows:
            write(row)


CHECKED_PSYCOPG = ("3.2.", "3.3.")
"""The psycopg versions whose private row formatter `_write_binary` was checked against."""


def _format_row_binary() -> Any:
    """psycopg's private `format_row_binary`, only on a version it was checked against: on any
    other, or without it, rows go through the public `write_row` (a newer psycopg may move or
    change it; then a push is slower, never wrong)."""
    if not psycopg.__version__.startswith(CHECKED_PSYCOPG):
        return None
    try:
        from psycopg._copy_base import format_row_binary
    except ImportError:
        return None
    return format_row_binary


_FORMAT_ROW_BINARY: Any = _format_row_binary()
"""What `Copy.write_row` runs for each row in binary COPY (psycopg's C function when psycopg's C
module is loaded), called here without `write_row`'s two Python frames a row (~1,350 rows a
push)."""
_COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\0" + bytes(8)
"""Binary COPY's header: the signature, no flags, no header extension."""
_COPY_TRAILER = b"\xff\xff"
_COPY_CHUNK = 32 * 1024
"""Bytes handed to the connection at a time (psycopg's own buffer size for `write_row`)."""


def _write_binary(copy: Any, format_row: Any, rows: Sequence[Sequence[Any]]) -> None:
    """`rows` written as `copy.write_row` writes them (the same function formats each row with
    the same dumpers), in blocks: the whole binary COPY, its header and trailer too, through
    `copy.write`, as psycopg documents for binary data written by the caller."""
    transformer = copy.formatter.transformer
    out = bytearray(_COPY_SIGNATURE)
    for row in rows:
        format_row(row, transformer, out)
        if len(out) > _COPY_CHUNK:
            copy.write(out)
            out = bytearray()
    out += _COPY_TRAILER
    copy.write(out)


_BINARY = frozenset({16, 20, 21, 23, 25, 1043, 1184, 2950})
"""Column types written in binary COPY (bool, int8, int2, int4, text, varchar, timestamptz,
uuid): psycopg dumps these by the column's type in C (uuid: `UUID.bytes`), with no Python
call per value to find a dumper by the value's class (an enum's went through Python), and the
server reads them without parsing text (timestamps, uuids). The values must be of the column's
own Python type (int, str or a str enum, aware datetime, UUID): the rows built from the wire
models are. A column of any other type (a date, JSON, a numeric) keeps the COPY in text."""
_TYPES: dict[tuple[str, tuple[str, ...]], tuple[int, ...] | None] = {}


def _column_types(raw: Any, table: str, names: tuple[str, ...]) -> tuple[int, ...] | None:
    """The type oids of `names` in `table` if all are in `_BINARY`, else None; read from the
    catalog once per process (a migration restarts the workers)."""
    key = (table, names)
    if key not in _TYPES:
        found = dict(
            raw.execute(
                "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = %s::regclass "
                "AND attnum > 0 AND NOT attisdropped",
                (table,),
            ).fetchall()
        )
        oids = tuple(found[name] for name in names)
        _TYPES[key] = oids if all(oid in _BINARY for oid in oids) else None
    return _TYPES[key]


@cache
def _copyable(table: Table, columns: tuple[str, ...]) -> bool:
    """Whether COPY of `columns` writes what the ORM would: every column left out has no
    default or update value computed in Python."""
    return all(
        column.key in columns or (column.default is None and column.onupdate is None)
        for column in table.columns
    )
