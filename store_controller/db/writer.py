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
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """The engine's writer connection, for one writer at a time, outside any transaction; the
    writer commits or rolls back what it began (a failure is rolled back here)."""
    if not isinstance(engine.pool, QueuePool):
        with engine.connect() as connection:
            yield connection
        return
    held = _held_for(engine)
    with held.lock:
        kept = held.connection
        if kept is None or kept.closed or kept.invalidated:
            kept = held.connection = engine.connect()
            kept.detach()  # the pool's connections are not this one; close() closes it
        connection = kept
        try:
            yield connection
        finally:
            if connection.in_transaction():
                _roll_back(held, connection)


def _roll_back(held: _Held, connection: Connection) -> None:
    """Roll back what a writer left open; a connection that cannot be is closed and dropped
    (the writer's own error, if any, is the one raised)."""
    try:
        connection.rollback()
    except Exception:
        held.connection = None
        with suppress(Exception):  # unusable; SQLite rolls back an unfinished transaction itself
            connection.close()
