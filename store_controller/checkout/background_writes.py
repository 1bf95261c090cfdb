"""Writes the checkout makes without keeping the customer waiting: unknown barcodes and
abandoned carts.

Each such write syncs to disk (1-20 ms on a Pi's SD card). Made on the event loop it would hold
every scan, tap and screen update queued behind it, so they go to one writer thread, one at a
time, in the order they were asked for. Each write runs exactly once: a failure is logged as
before (nothing retries it), and `drain()` (the checkout's `close()` calls it) waits until every
write asked for so far has ended, so a stopping controller keeps them.

The thread is the checkout's own, not the loop's executor by `asyncio.to_thread`: a write asked
for costs the loop a queue put, and a write that ends costs it nothing unless `drain()` waits.
With `to_thread` each write made the loop run ~30 calls before it (a future, a context copy, the
executor's bookkeeping) and after it (the thread's wake-up through the loop's self-pipe, the
worker task's step), right beside the next customer's first scan after a clear. The thread
ends after `IDLE_S` without writes and starts again with the next one.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from queue import Empty, SimpleQueue

log = logging.getLogger(__name__)

IDLE_S = 30.0
"""The writer thread ends after this long without a write."""

Write = tuple[Callable[[], None], str]


class BackgroundWrites:
    """One writer thread, in order; see the module docstring."""

    def __init__(self) -> None:
        self._queue: SimpleQueue[Write] = SimpleQueue()
        self._lock = threading.Lock()
        self._pending = 0
        self._thread: threading.Thread | None = None
        self._drains: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    def submit(self, write: Callable[[], None], failure: str) -> None:
        """Run `write` after the writes before it; log `failure` if it raises. Without a
        running event loop (a script), it runs here and now."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            _run_logged(write, failure)
            return
        with self._lock:
            self._pending += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="checkout-writes", daemon=True
                )
                self._thread.start()
        self._queue.put((write, failure))

    @property
    def pending(self) -> int:
        """Writes asked for that have not ended yet."""
        return self._pending

    async def drain(self) -> None:
        """Wait until every write asked for so far has ended."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._pending == 0:
                return
            done: asyncio.Future[None] = loop.create_future()
            self._drains.append((loop, done))
        await done

    def _work(self) -> None:
        while True:
            try:
                write, failure = self._queue.get(timeout=IDLE_S)
            except Empty:
                with self._lock:
                    if self._pending == 0:  # a write asked for meanwhile would be pending
                        self._thread = None
                        return
                continue
            _run_logged(write, failure)
            with self._lock:
                self._pending -= 1
                drains = self._drains if self._pending == 0 else []
                if drains:
                    self._drains = []
            for loop, done in drains:
                try:
                    loop.call_soon_threadsafe(_resolve, done)
                except RuntimeError:  # that loop has closed: nobody waits any more
                    continue


def _resolve(done: asyncio.Future[None]) -> None:
    if not done.done():  # a cancelled drain() leaves its future cancelled
        done.set_result(None)


def _run_logged(write: Callable[[], None], failure: str) -> None:
    try:
        write()
    except Exception:
        log.exception(failure)
