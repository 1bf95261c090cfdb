"""The event bus: any thread publishes, one asyncio task applies.

Hardware callbacks and reader threads call `publish(event)` (thread-safe, never blocks). The task
from `start()` hands each event, in arrival order, to the handlers subscribed to its type, on the
event loop's thread, so domain state touched by handlers needs no locks. A failing handler is
logged and the bus carries on: one broken subscriber must not stop the door or the checkout.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

E = TypeVar("E")
Handler = Callable[[E], Awaitable[None] | None]

_STOP = object()


class EventBus:
    def __init__(self) -> None:
        self._handlers: defaultdict[type[Any], list[Handler[Any]]] = defaultdict(list)
        self._queue: asyncio.Queue[object] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._early: list[object] = []  # published before start(): devices report at once
        self._mutex = threading.Lock()

    def subscribe(self, event_type: type[E], handler: Handler[E]) -> None:
        self._handlers[event_type].append(handler)

    def publish(self, event: object) -> None:
        """Queue `event` for the consumer; callable from any thread, also before `start()`."""
        with self._mutex:
            if self._loop is None or self._queue is None:
                self._early.append(event)
                return
            loop, queue = self._loop, self._queue
        try:
            loop.call_soon_threadsafe(queue.put_nowait, event)
        except RuntimeError:  # the loop has closed: the controller is shutting down
            log.warning("event dropped after shutdown", extra={"event": type(event).__name__})

    def start(self) -> asyncio.Task[None]:
        """Bind to the running loop and consume until `stop()`; call on the loop's thread."""
        queue: asyncio.Queue[object] = asyncio.Queue()
        with self._mutex:
            self._loop, self._queue = asyncio.get_running_loop(), queue
            for event in self._early:
                queue.put_nowait(event)
            self._early.clear()
        return asyncio.create_task(self._consume(queue), name="event-bus")

    async def _consume(self, queue: asyncio.Queue[object]) -> None:
        while (event := await queue.get()) is not _STOP:
            await self._dispatch(event)

    def stop(self) -> None:
        if self._loop is not None and self._queue is not None:
            queue = self._queue
            self._loop.call_soon_threadsafe(queue.put_nowait, _STOP)

    async def _dispatch(self, event: object) -> None:
        for handler in self._handlers.get(type(event), ()):
            try:
                result = handler(event)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception("event handler failed", extra={"event": type(event).__name__})
