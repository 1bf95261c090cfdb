"""Callbacks as Swish sends them: POST of the object to callbackUrl, retried until a 200.

A `CallbackSender` owns a thread with its own event loop (independent of the server's), so the
store can hand it work from any thread. The same loop calls `tick` a few times a second, which is
how time-driven changes (automatic scenarios, expiry) happen with nobody polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

_log = logging.getLogger(__name__)

DEFAULT_DELAYS: tuple[float, ...] = (1, 2, 4, 8, 15, 30, 30, 30, 30)
"""Seconds between the 10 attempts; Swish's own schedule (5, 10, 20, 40, 60 s ...) scaled down."""


@dataclass(frozen=True)
class Delivery:
    """One attempt to deliver a callback: the answer's status, or the error."""

    url: str
    object_id: str
    attempt: int
    status: int | None
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return self.status == 200


class CallbackSender:
    """Delivers callbacks on its own thread; `deliveries` records every attempt."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        delays: tuple[float, ...] = DEFAULT_DELAYS,
        timeout: float = 5.0,
        tick: Callable[[], None] | None = None,
        tick_interval: float = 0.2,
    ) -> None:
        self._verify = verify
        self._delays = delays
        self._timeout = timeout
        self._tick = tick
        self._tick_interval = tick_interval
        self._changed = threading.Condition()
        self.deliveries: list[Delivery] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped: asyncio.Event | None = None
        self._pending: list[tuple[str, dict[str, Any], dict[str, str]]] = []
        self._thread = threading.Thread(target=self._run, name="swish-callbacks", daemon=True)
        self._ready = threading.Event()

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(timeout=10)

    def stop(self) -> None:
        if self._loop is not None and self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def send(self, url: str, body: dict[str, Any], headers: dict[str, str]) -> None:
        """Queue a callback (from any thread); it is tried until a 200 or the attempts run out."""
        if self._loop is None:
            self._pending.append((url, body, headers))
            return
        self._loop.call_soon_threadsafe(self._spawn, url, body, headers)

    def wait_for(self, predicate: Callable[[list[Delivery]], bool], timeout: float = 10.0) -> bool:
        """Block until `predicate(deliveries)` holds (tests); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(list(self.deliveries)), timeout)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._stopped = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        no_keepalive = httpx.Limits(max_keepalive_connections=0)  # one connection per callback
        async with httpx.AsyncClient(
            verify=self._verify, timeout=self._timeout, limits=no_keepalive
        ) as client:
            self._client = client
            self._loop = asyncio.get_running_loop()
            for job in self._pending:
                self._spawn(*job)
            self._pending.clear()
            self._ready.set()
            while not self._stopped.is_set():
                if self._tick is not None:
                    self._tick()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopped.wait(), self._tick_interval)
            for task in self._tasks:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, url: str, body: dict[str, Any], headers: dict[str, str]) -> None:
        task = asyncio.get_running_loop().create_task(self._deliver(url, body, headers))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, url: str, body: dict[str, Any], headers: dict[str, str]) -> None:
        for attempt, delay in enumerate((0.0, *self._delays), start=1):
            await asyncio.sleep(delay)
            delivery = await self._attempt(url, body, headers, attempt)
            with self._changed:
                self.deliveries.append(delivery)
                self._changed.notify_all()
            if delivery.delivered:
                return
        _log.warning("swish callback given up", extra={"url": url, "id": body.get("id")})

    async def _attempt(
        self, url: str, body: dict[str, Any], headers: dict[str, str], attempt: int
    ) -> Delivery:
        object_id = str(body.get("id"))
        try:
            response = await self._client.post(url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            return Delivery(url, object_id, attempt, None, f"{type(exc).__name__}: {exc}")
        return Delivery(url, object_id, attempt, response.status_code)
