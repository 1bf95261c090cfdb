"""Core statements compiled once and run on the driver's cursor: the hot write path's tool.

SQLAlchemy's `Connection.execute` costs tens of microseconds per statement (cache key, compiled
cache, result set-up), which on a sale of a dozen statements is several times SQLite's own fsync.
A `Prepared` statement is still written in Core against the models' tables; it is compiled once
per dialect, with each parameter's bind processor (UTC timestamps, JSON) taken from the column
type, and executed on the DBAPI cursor of the caller's connection, inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, suppress
from typing import Any, TypeVar

from sqlalchemy import Connection, DateTime, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter

Processor = Callable[[Any], Any]
T = TypeVar("T")


class OnDriver:
    """A transaction held on the driver's connection itself, with one cursor for all its
    statements (`on_driver`): SQLAlchemy's `Connection` around it does no work per statement
    and none at the commit (a sale's dozen statements paid its bookkeeping each time)."""

    __slots__ = ("connection", "cursor", "dialect")

    def __init__(self, connection: Connection) -> None:
        self.dialect = connection.dialect
        driver: Any = connection.connection.dbapi_connection
        self.connection = driver
        self.cursor: Any = driver.cursor()

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()


Target = Connection | OnDriver
"""Where a `Prepared` statement runs: a connection's transaction, or one on its driver."""


def on_driver(connection: Connection) -> AbstractContextManager[OnDriver]:
    """BEGIN IMMEDIATE on the driver of `connection` (outside any transaction of its own); the
    caller commits or rolls back on the `OnDriver` it is given. What it leaves open, by an error
    or not, is rolled back here; a connection that cannot be rolled back is invalidated (closed:
    SQLite drops the unfinished transaction; `writing` then opens a new one), and the caller's
    own error, if any, is the one raised. The cursor is closed at the end, so no read stays open
    on the connection. (A class, not a generator: `contextmanager`'s machinery cost about as
    much as the BEGIN IMMEDIATE itself on every sale and door entry.)"""
    return _DriverTransaction(connection)


class _DriverTransaction:
    __slots__ = ("_connection", "_driver")

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._driver: OnDriver | None = None

    def __enter__(self) -> OnDriver:
        if self._connection.in_transaction():
            raise RuntimeError("the connection is in a transaction of its own")
        driver = self._driver = OnDriver(self._connection)
        try:
            driver.cursor.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._end(driver)
            raise
        return driver

    def __exit__(self, *_exc: object) -> None:
        if self._driver is not None:
            self._end(self._driver)

    def _end(self, driver: OnDriver) -> None:
        self._driver = None
        try:
            driver.cursor.close()
            if driver.connection.in_transaction:
                driver.connection.rollback()
        except Exception:
            with suppress(Exception):
                self._connection.invalidate()


class Prepared:
    """One statement, compiled for one dialect with positional parameters named `keys`; a
    parameter not given takes the value bound in the statement (a LIMIT, a literal)."""

    def __init__(
        self,
        statement: ClauseElement,
        dialect: Dialect,
        keys: Sequence[str] | None = None,
        *,
        rows: bool = False,
    ) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=list(keys or ()))
        if not isinstance(compiled, SQLCompiler):
            raise TypeError(f"{statement!r} is not a SQL statement")
        if compiled.positiontup is None:
            raise ValueError(f"{dialect.name} does not take positional parameters")
        self.sql = str(compiled)
        self.names: tuple[str, ...] = tuple(compiled.positiontup)
        binds = [compiled.binds[name] for name in self.names]
        self._named_defaults = tuple(
            (name, bind.effective_value) for name, bind in zip(self.names, binds, strict=True)
        )
        self._processors: tuple[tuple[int, Processor], ...] = tuple(
            (index, _remembering(process, dialect, bind) if _is_timestamp(bind) else process)
            for index, bind in enumerate(binds)
            if (process := _bind_processor(bind, dialect)) is not None
        )
        if rows and self.names != tuple(keys or ()):
            raise ValueError(f"the statement takes {self.names}, not rows of {keys}")
        self._rows = rows
        self._values = _values_clause(compiled, self.sql) if rows else None
        most = max(1, _MAX_CHUNK_PARAMETERS // max(1, len(self.names)))
        self._chunk = 1 << (most.bit_length() - 1)  # a power of two
        self._chunk_sql: dict[int, str] = {1: self.sql}

    def parameters(self, values: Mapping[str, Any]) -> list[Any]:
        """The driver's parameters for `values`, in the statement's order."""
        get = values.get
        row = [get(name, default) for name, default in self._named_defaults]
        for index, process in self._processors:
            row[index] = process(row[index])
        return row

    def execute(self, connection: Target, values: Mapping[str, Any]) -> Any:
        """Run once in the connection's transaction; returns the DBAPI cursor (for `lastrowid`
        or rows)."""
        cursor = _cursor(connection)
        cursor.execute(self.sql, self.parameters(values))
        return cursor

    def execute_many(self, connection: Target, rows: Iterable[Mapping[str, Any]]) -> None:
        _cursor(connection).executemany(self.sql, [self.parameters(row) for row in rows])

    def execute_rows(self, connection: Target, rows: Sequence[Sequence[Any]]) -> Any:
        """Run for `rows`, each row the values of `keys` in their order (a statement made with
        `rows=True`): no mapping per row, and the rows go to the driver as they are when no
        parameter needs converting; a plain INSERT's rows go several to a statement, any other
        statement runs once a row. Returns the DBAPI cursor (`lastrowid` of a single row)."""
        if not self._rows:
            raise TypeError("a statement made without rows=True takes mappings")
        processors = self._processors
        if processors:
            converted = []
            for row in rows:
                values = list(row)
                for index, process in processors:
                    values[index] = process(values[index])
                converted.append(values)
            rows = converted
        cursor = _cursor(connection)
        if len(rows) == 1:
            cursor.execute(self.sql, rows[0])
        elif self._values is None:
            cursor.executemany(self.sql, rows)
        else:
            self._insert_chunks(cursor, rows, self._values)
        return cursor

    def _insert_chunks(
        self, cursor: Any, rows: Sequence[Sequence[Any]], clause: tuple[str, str, str]
    ) -> None:
        """An INSERT of `rows` as statements of several rows each (`VALUES (...), (...)`), in
        their order: SQLite sets each statement up once (its AUTOINCREMENT counter, foreign key
        and statement journal) where `executemany` did it per row. The row counts are powers of
        two, so a statement has at most a few texts in the driver's statement cache."""
        start, count = 0, len(rows)
        while start < count:
            size = min(self._chunk, 1 << ((count - start).bit_length() - 1))
            sql = self._chunk_sql.get(size)
            if sql is None:
                head, values, tail = clause
                sql = self._chunk_sql[size] = f"{head}{', '.join([values] * size)}{tail}"
            cursor.execute(sql, [value for row in rows[start : start + size] for value in row])
            start += size


_MAX_CHUNK_PARAMETERS = 512
"""Parameters at most in one statement of several rows (SQLite's own limit is 32,766, or 999
before 3.32), rounded down to whole rows."""


def _values_clause(compiled: SQLCompiler, sql: str) -> tuple[str, str, str] | None:
    """(the text before, the row's parameters `(?, ...)`, the text after) of a plain INSERT's
    one VALUES row; None for any other statement (rows of those run with `executemany`)."""
    if not compiled.isinsert or compiled.effective_returning:
        return None
    head, found, rest = sql.partition(" VALUES (")
    values, closed, tail = rest.partition(")")
    if not (found and closed) or set(values.split(", ")) != {"?"} or "VALUES (" in tail:
        return None
    return f"{head} VALUES ", f"({values})", tail


def begin_immediate(connection: Connection) -> None:
    """BEGIN IMMEDIATE on the driver (SQLite's write lock, taken now), with `connection` in a
    transaction whose commit is the driver's."""
    _cursor(connection).execute("BEGIN IMMEDIATE")


def _cursor(connection: Target) -> Any:
    """A new driver cursor, with `connection` in a transaction (so its commit is the driver's);
    new for each statement, so no read is left open on a pooled connection. An `OnDriver`
    transaction's own cursor."""
    if isinstance(connection, OnDriver):
        return connection.cursor
    if not connection.in_transaction():
        connection.begin()
    return connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]


def _bind_processor(bind: BindParameter[Any], dialect: Dialect) -> Processor | None:
    """The column type's own conversion on `dialect`, as SQLAlchemy's `execute` runs it: that of
    its dialect implementation. The generic type's (`UtcDateTime`'s impl is the generic
    `DateTime`, which converts nothing) left a timestamp to the driver's adapter, which stored
    it with a `+00:00` suffix where every other write stores none (text ordered apart)."""
    process: Processor | None = bind.type.dialect_impl(dialect).bind_processor(dialect)
    return process


def _is_timestamp(bind: BindParameter[Any]) -> bool:
    """A timestamp column's parameter: a `DateTime`, or a type decorating one (`UtcDateTime`,
    whose `python_type` is `object`)."""
    kind = bind.type
    return isinstance(kind, DateTime) or (
        isinstance(kind, TypeDecorator) and isinstance(kind.impl_instance, DateTime)
    )


def _remembering(process: Processor, dialect: Dialect, bind: BindParameter[Any]) -> Processor:
    """`process` that reuses a recent result for the same timestamp object (a sale binds its
    time on a dozen rows of several statements); timestamps are immutable and the ones
    remembered are held, so identity means the same value. The memo is shared by every
    statement's parameters of the same column type on the same dialect (`_memos`): one
    conversion per time per sale, not one per statement. It keeps the two newest values (a sale
    binds its own time and its payment's, interleaved). On pysqlite the result is also adapted
    here, by the adapter the driver would use (`sqlite3.adapters`), so the driver gets the
    remembered text."""
    key = (type(dialect), dialect.driver, repr(bind.type))
    shared = _memos.get(key)
    if shared is not None:
        return shared
    adapted = dialect.driver == "pysqlite"
    nothing = object()
    recent: tuple[Any, Any, Any, Any] = (nothing, None, nothing, None)

    def run(value: Any) -> Any:
        nonlocal recent
        held = recent  # one read: another thread may replace it, never change it
        if value is held[0]:
            return held[1]
        if value is held[2]:
            return held[3]
        result = process(value)
        if adapted and result is not None:
            adapt = sqlite3.adapters.get((type(result), sqlite3.PrepareProtocol))
            if adapt is not None:
                result = adapt(result)
        recent = (value, result, held[0], held[1])
        return result

    return _memos.setdefault(key, run)


_memos: dict[tuple[type[Dialect], str, str], Processor] = {}
"""The remembering processor of each timestamp column type per dialect."""

_compiled: dict[tuple[Callable[[Dialect], Any], type[Dialect]], Any] = {}


def prepared(connection: Target, build: Callable[[Dialect], T]) -> T:
    """`build(dialect)` (a set of `Prepared` statements), made once per builder and dialect."""
    key = (build, type(connection.dialect))
    found: T | None = _compiled.get(key)
    if found is None:
        found = _compiled[key] = build(connection.dialect)
    return found
