"""The controller's session factory as its features see it: `Sessions`, what they call on it.

A store at idle runs on Core statements (`store_controller.db.tables`); the ORM, its mapped
classes and the sessionmaker are loaded only when something first opens a session (a customer's
visit, a sale), so an idle controller does not carry them (memory on a Pi 3, issue 23).
`LazySessions` is that factory; a real `sessionmaker` satisfies `Sessions` too (tests pass one).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker


class Sessions(Protocol):
    """A session factory: `sessions()` opens a session, `sessions.begin()` one in a transaction;
    `kw["bind"]` is the engine the sessions use."""

    @property
    def kw(self) -> Mapping[str, Any]: ...

    def __call__(self) -> Session: ...

    def begin(self) -> AbstractContextManager[Session]: ...


class LazySessions:
    """`sessionmaker(engine, expire_on_commit=False)`, built (and `sqlalchemy.orm` imported) on
    first use."""

    def __init__(self, engine: Engine) -> None:
        self.kw: dict[str, Any] = {"bind": engine, "expire_on_commit": False}
        self._maker: sessionmaker[Session] | None = None
        self._listeners: list[tuple[str, Callable[..., Any]]] = []
        self._lock = threading.Lock()

    def listen(self, identifier: str, fn: Callable[..., Any]) -> None:
        """`event.listen(sessionmaker, identifier, fn)`, now or when the sessionmaker is built."""
        with self._lock:
            if self._maker is None:
                self._listeners.append((identifier, fn))
                return
        _listen(self._maker, identifier, fn)

    def _sessionmaker(self) -> sessionmaker[Session]:
        if (maker := self._maker) is None:
            with self._lock:
                if (maker := self._maker) is None:
                    from sqlalchemy.orm import sessionmaker

                    maker = sessionmaker(**self.kw)
                    for identifier, fn in self._listeners:
                        _listen(maker, identifier, fn)
                    self._maker = maker
        return maker

    def __call__(self) -> Session:
        return self._sessionmaker()()

    def begin(self) -> AbstractContextManager[Session]:
        return self._sessionmaker().begin()


def engine_of(sessions: Sessions) -> Engine:
    """The engine `sessions` opens its sessions on: Core statements run on it without the ORM."""
    engine: Engine = sessions.kw["bind"]
    return engine


def listen(sessions: Sessions, identifier: str, fn: Callable[..., Any]) -> None:
    """A session event (`after_commit`, ...) on every session `sessions` opens, without building
    a lazy factory's sessionmaker before its first use."""
    if isinstance(sessions, LazySessions):
        sessions.listen(identifier, fn)
    else:
        _listen(sessions, identifier, fn)


def _listen(target: object, identifier: str, fn: Callable[..., Any]) -> None:
    from sqlalchemy import event

    event.listen(target, identifier, fn)
