"""The sale writer's connection: one per engine, open while the engine is, used by one writer
at a time.

A pool checkout and return around every sale (the checkout, the reset-on-return rollback, the
`Connection` built and closed) cost about a tenth of a sale's CPU. `writing(engine)` lends the
same connection to each sale in turn instead, under a lock (writers are serialized by SQLite's
BEGIN IMMEDIATE anyway). It is taken out of the pool (`detach`), so the pool's own connections
stay as they were, and closed when the engine is disposed. A writer that fails leaves it rolled
back; one that cannot be rolled back is closed and the next writer opens a new one. Only file
databases on a queue pool hold one; other pools (an in-memory database's) lend a pooled
connection per use as before.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, suppress
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, event
from sqlalchemy.pool import QueuePool


class _Held:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.connection: Connection | None = None

    def close(self) -> None:
        with self.lock:
            connection, self.connection = self.connection, None
        if connection is not None:
            connection.close()


_held: WeakKeyDictionary[Engine, _Held] = WeakKeyDictionary()
_registry_lock = threading.Lock()


def _held_for(engine: Engine) -> _Held:
    held = _held.get(engine)
    if held is None:
        with _registry_lock:
            held = _held.get(engine)
            if held is None:
                held = _held[engine] = _Held()
                event.listen(engine, "engine_disposed", lambda _engine: held.close())
    return held


def writing(engine: Engine) -> AbstractContextManager[Connection]:
    """The engine's writer connection, for one writer at a time, outside any transaction; the
    writer commits or rolls back what it began (a failure is rolled back here). (A class, not a
    generator: `contextmanager`'s machinery cost a door entry about 1 % of its CPU.)"""
    if not isinstance(engine.pool, QueuePool):
        return engine.connect()  # closed (and so rolled back) when the writer leaves it
    return _Writing(engine, _held_for(engine))


class _Writing:
    __slots__ = ("_connection", "_engine", "_held")

    def __init__(self, engine: Engine, held: _Held) -> None:
        self._engine = engine
        self._held = held
        self._connection: Connection | None = None

    def __enter__(self) -> Connection:
        held = self._held
        held.lock.acquire()
        try:
            kept = held.connection
            if kept is None or kept.closed or kept.invalidated:
                kept = held.connection = self._engine.connect()
                kept.detach()  # the pool's connections are not this one; close() closes it
        except BaseException:
            held.lock.release()
            raise
        self._connection = kept
        return kept

    def __exit__(self, *_exc: object) -> None:
        connection, self._connection = self._connection, None
        try:
            if connection is not None and connection.in_transaction():
                _roll_back(self._held, connection)
        finally:
            self._held.lock.release()


def _roll_back(held: _Held, connection: Connection) -> None:
    """Roll back what a writer left open; a connection that cannot be is closed and dropped
    (the writer's own error, if any, is the one raised)."""
    try:
        connection.rollback()
    except Exception:
        held.connection = None
        with suppress(Exception):  # unusable; SQLite rolls back an unfinished transaction itself
            connection.close()
