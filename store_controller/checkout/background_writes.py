"""Writes the checkout makes without keeping the customer waiting: unknown barcodes and
abandoned carts.

Each such write syncs to disk (1-20 ms on a Pi's SD card). Made on the event loop it would hold
every scan, tap and screen update queued behind it, so they go to one worker task that runs them
in a thread, one at a time, in the order they were asked for. Each write runs exactly once: a
failure is logged as before (nothing retries it), and `drain()` (the checkout's `close()` calls
it) waits until every write asked for so far has ended, so a stopping controller keeps them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable

log = logging.getLogger(__name__)


class BackgroundWrites:
    """One worker, in order; see the module docstring."""

    def __init__(self) -> None:
        self._queue: deque[tuple[Callable[[], None], str]] = deque()
        self._task: asyncio.Task[None] | None = None

    def submit(self, write: Callable[[], None], failure: str) -> None:
        """Run `write` after the writes before it; log `failure` if it raises. Without a
        running event loop (a script), it runs here and now."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            _run_logged(write, failure)
            return
        self._queue.append((write, failure))
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._work(), name="checkout-writes")

    @property
    def pending(self) -> int:
        """Writes asked for that have not ended yet."""
        return len(self._queue)

    async def drain(self) -> None:
        """Wait until every write asked for so far has ended."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def _work(self) -> None:
        while self._queue:
            write, failure = self._queue[0]
            try:
                await asyncio.to_thread(_run_logged, write, failure)
            finally:  # even when cancelled: the thread finishes the write, so never run it again
                self._queue.popleft()


def _run_logged(write: Callable[[], None], failure: str) -> None:
    try:
        write()
    except Exception:
        log.exception(failure)
