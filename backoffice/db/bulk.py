"""Thousands of rows at once through the driver, without SQLAlchemy building each row's
parameters (that cost more than the database itself: see the price-file bench).

Values go through each column's own bind processing (UTC timestamps, booleans, JSON), so what
lands is what the ORM would have written. On PostgreSQL: COPY, and an update is one
`UPDATE ... FROM` a COPYed temporary table; on SQLite: one DBAPI executemany.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, NamedTuple, TypeVarTuple
from uuid import UUID

from pydantic import TypeAdapter
from sqlalchemy import BigInteger, Row, Select, String, Table, any_, bindparam, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

Ts = TypeVarTuple("Ts")


class SetSql(NamedTuple):
    """A column set from an expression of the new value (`{new}`) instead of the value itself;
    the value is passed as is, of `pg_type` in the temporary table."""

    pg_type: str
    sqlite: str
    postgresql: str


_UUID_LIST = TypeAdapter(list[UUID])


def uuid_texts(values: Collection[UUID]) -> list[str]:
    """`[str(value) for value in values]`, written by pydantic-core in one call: `UUID.__str__`
    is Python (~1 us each; a push turns ~900 ids into text), pydantic-core writes the same
    lowercase hyphenated text natively."""
    texts: list[str] = _UUID_LIST.dump_python(list(values), mode="json")
    return texts


_SEPARATOR = "\x1f"
"""Between the keys of a PostgreSQL lookup (the unit separator: in no GTIN, SKU or id)."""


def lookup(
    session: Session, query: Select[*Ts], column: Any, keys: Collection[Any]
) -> Sequence[Row[*Ts]]:
    """The rows of `query` whose `column` is one of `keys`, with one parameter whatever their
    number: `= ANY(string_to_array(text))` on PostgreSQL, `IN (SELECT value FROM
    json_each(?))` on SQLite (an `IN` of thousands of parameters costs more to build than to
    run, and an array parameter more to dump)."""
    values = sorted(set(keys))
    if not values:
        return []
    return session.execute(query.where(among(session, column, values, sqlite_json=True))).all()


def among(
    session: Session, column: Any, keys: Collection[Any], *, sqlite_json: bool = False
) -> Any:
    """`column IN keys` with one parameter on PostgreSQL whatever their number (an `IN` of n
    parameters is a new statement text for each n, which psycopg parses again: ~9 ms for a
    push's 200 keys, more than the query); on SQLite a plain `IN`, or `IN (SELECT value FROM
    json_each(?))` if `sqlite_json` (keys stored as they are written, not UUIDs)."""
    values = sorted(set(keys))
    if session.get_bind().dialect.name == "postgresql":
        numbers = bool(values) and isinstance(values[0], int)
        uuids = bool(values) and isinstance(values[0], UUID)
        texts = [str(value) for value in values]
        if numbers or uuids or not any(_SEPARATOR in value for value in texts):
            # one text of the keys split in the database: dumping a 10,000-element array
            # parameter cost psycopg ~30 ms in Python, the split ~1 ms
            keyed: Any = func.string_to_array(
                bindparam(None, _SEPARATOR.join(texts), type_=String), _SEPARATOR
            )
            if numbers:
                keyed = keyed.cast(postgresql.ARRAY(BigInteger))
            elif uuids:
                keyed = keyed.cast(postgresql.ARRAY(postgresql.UUID(as_uuid=True)))
            # a semi-join with the keys in FROM, split once: as `= ANY(string_to_array(...))`
            # a prepared (generic) plan split the text again for every row the store holds
            # (12 ms for a push's 200 identities against 900 rows), the planner trusting a
            # young table's statistics that the store has a handful
            listed = func.unnest(keyed).table_valued("key").render_derived()
            return column.in_(select(listed.c.key))
        return column == any_(bindparam(None, values, type_=postgresql.ARRAY(String)))
    if sqlite_json:
        listed = func.json_each(json.dumps(values)).table_valued("value")
        return column.in_(select(listed.c.value))
    return column.in_(values)


def among_sql(column: str, keys: Collection[Any]) -> tuple[str, list[Any]]:
    """What `among` writes on PostgreSQL, as text for psycopg (`%s` placeholders) and its
    parameters: for statements run on the driver's connection with a fixed text."""
    values = list(set(keys))  # unsorted: sorting a push's UUIDs cost more than the lookup
    uuids = bool(values) and isinstance(values[0], UUID)
    texts = uuid_texts(values) if uuids else [str(value) for value in values]
    if uuids:
        cast = "uuid[]"
    elif values and isinstance(values[0], int):
        cast = "bigint[]"
    elif any(_SEPARATOR in value for value in texts):
        return f"{column} = ANY(%s::text[])", [texts]
    else:
        cast = "text[]"
    split = f"CAST(string_to_array(%s::text, %s::text) AS {cast})"
    return f"{column} IN (SELECT key FROM unnest({split}) AS keys(key))", [  # noqa: S608
        _SEPARATOR.join(texts),
        _SEPARATOR,
    ]


def insert_many(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert `rows` (tuples in the order of `columns`) in the session's transaction."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    values = _bound(dialect, table, columns, rows, raw=())  # KeyError for a name not its own
    raw = connection.connection.driver_connection
    assert raw is not None, "a live connection"
    names = ", ".join(columns)
    if dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    cursor = raw.cursor()
    try:
        cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", values)  # noqa: S608
    finally:
        cursor.close()


def update_many(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    set_sql: Mapping[str, SetSql] | None = None,
) -> None:
    """`UPDATE table SET columns WHERE id = ...` for each row (its id first, then the values in
    the order of `columns`), in the session's transaction."""
    if not rows:
        return
    set_sql = set_sql or {}
    connection = session.connection()
    dialect = connection.dialect
    raw = connection.connection.driver_connection
    assert raw is not None, "a live connection"
    keyed = ["id", *columns]
    values = _bound(dialect, table, keyed, rows, raw=set_sql)
    if dialect.name == "postgresql":
        types = ", ".join(
            f"{name} {set_sql[name].pg_type}"
            if name in set_sql
            else f"{name} {table.c[name].type.compile(dialect)}"
            for name in keyed
        )
        assign = ", ".join(
            f"{name} = {set_sql[name].postgresql.format(new=f'n.{name}')}"
            if name in set_sql
            else f"{name} = n.{name}"
            for name in columns
        )
        with raw.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE bulk_update_rows ({types}) ON COMMIT DROP")
            with cursor.copy(f"COPY bulk_update_rows ({', '.join(keyed)}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            update = f"UPDATE {table.name} SET {assign} FROM bulk_update_rows n"  # noqa: S608
            cursor.execute(f"{update} WHERE {table.name}.id = n.id")
            cursor.execute("DROP TABLE bulk_update_rows")
        return
    assign = ", ".join(
        f"{name} = {set_sql[name].sqlite.format(new='?') if name in set_sql else '?'}"
        for name in columns
    )
    cursor = raw.cursor()
    try:
        cursor.executemany(
            f"UPDATE {table.name} SET {assign} WHERE id = ?",  # noqa: S608
            [(*row[1:], row[0]) for row in values],
        )
    finally:
        cursor.close()


def _bound(
    dialect: Dialect,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    raw: Collection[str],
) -> list[Sequence[Any]]:
    """`rows` with each value as the column's type hands it to the driver (a value repeated
    from the row before, such as one timestamp for all, processed once)."""
    processors: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(columns):
        if name in raw:
            continue
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors.append((index, process))
    if not processors:
        return list(rows)
    out: list[Sequence[Any]] = []
    last: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        values = list(row)
        for index, convert in processors:
            value = values[index]
            if value is None:
                continue
            seen = last.get(index)
            if seen is not None and seen[0] is value:
                values[index] = seen[1]
            else:
                processed = convert(value)
                values[index] = processed
                last[index] = (value, processed)
        out.append(values)
    return out
