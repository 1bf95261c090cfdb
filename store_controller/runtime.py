"""`StoreController`: the shared parts every feature of the controller is wired to.

Built once by `bootstrap.build_controller`, started and stopped by the web app's lifespan. Devices
report to the event bus from their own threads; features subscribe handlers that run on the event
loop (one consumer), and publish screen state on the live channel.

Stopping is bounded: the locks are engaged before anything else, then every stop hook gets a share
of `STOP_BUDGET_S` and is cancelled when its share runs out (a sync request, a payment poll or a
BankID cancel to a service that no longer answers must not keep the store from stopping).

Starting can be cut short: `request_stop()` (the signal handler calls it) cancels the start hook
that runs and skips the rest, so a signal during start-up is not held until start-up completes
(the web server only stops once the application's start-up has ended).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from drivers.factory import Devices
from store_controller.core.bus import EventBus
from store_controller.core.clock import Clock
from store_controller.db.sessions import Sessions
from store_controller.i18n import Text
from store_controller.settings import ControllerSettings
from store_controller.web.live import LiveChannel

log = logging.getLogger(__name__)

STOP_BUDGET_S = 2.0
"""Time the stop hooks get in all; the rest of the 5 s a controller has to stop is for the
devices, the bus and the web server's own shutdown."""
_HOOK_FLOOR_S = 0.25  # even a late hook gets this long (closing a client, cancelling a timer)

Hook = Callable[[], Awaitable[None] | None]


@dataclass(frozen=True, slots=True)
class Screen:
    path: str
    title: Text
    description: Text


@dataclass
class StoreController:
    settings: ControllerSettings
    clock: Clock
    engine: Engine
    sessions: Sessions
    """Sessions on `engine` (the ORM loads on the first one; idle code uses Core on `engine`)."""
    bus: EventBus
    live: LiveChannel
    devices: Devices
    identity_key: bytes = field(repr=False)
    """The HMAC key of the keyed identity hash (store_controller.customers.identity_key)."""
    screens: list[Screen] = field(default_factory=list)
    """The pages a person opens in this store (kiosk, door screen, simulators), for the index."""
    _on_start: list[Hook] = field(default_factory=list)
    _on_stop: list[Hook] = field(default_factory=list)
    _bus_task: asyncio.Task[None] | None = None
    _stop_requested: bool = False
    _wake_start: Callable[[], None] | None = None

    def on_start(self, hook: Hook) -> None:
        """Run `hook` on the event loop once the bus runs (features start their timers here)."""
        self._on_start.append(hook)

    def on_stop(self, hook: Hook) -> None:
        """Run `hook` at shutdown, before the devices close (last registered runs first)."""
        self._on_stop.append(hook)

    def request_stop(self) -> None:
        """Ask a start-up under way to end now; safe in a signal handler, at any time."""
        self._stop_requested = True
        if (wake := self._wake_start) is not None:
            wake()

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()

        def wake() -> None:
            loop.call_soon_threadsafe(stop.set)

        self._wake_start = wake
        try:
            self._bus_task = self.bus.start()
            self.devices.start()
            for hook in self._on_start:
                if self._stop_requested or not await _unless(stop, hook):
                    log.info("start-up cut short", extra={"store": self.settings.store_id})
                    return
        finally:
            self._wake_start = None
        log.info("store controller started", extra={"store": self.settings.store_id})

    async def stop(self) -> None:
        self.devices.engage_locks()  # before anything that could take time or fail
        log.info("locks engaged; stopping", extra={"store": self.settings.store_id})
        try:
            deadline = asyncio.get_running_loop().time() + STOP_BUDGET_S
            for hook in reversed(self._on_stop):
                await _bounded(hook, deadline)
        finally:
            self.devices.close()  # locks engaged again, whatever failed above
            self.bus.stop()
            if self._bus_task is not None:
                await _settle(self._bus_task, _HOOK_FLOOR_S)
            self.engine.dispose()
            log.info("store controller stopped", extra={"store": self.settings.store_id})


async def _call(hook: Hook) -> None:
    result = hook()
    if result is not None:
        await result


async def _unless(stop: asyncio.Event, hook: Hook) -> bool:
    """Run one start hook unless `stop` is set first (then cancel it); True if it ran to its end.
    A hook's failure is raised: a controller that cannot start must not run."""
    task = asyncio.ensure_future(_call(hook))
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if task.done():
        task.result()
        return True
    await _settle(task, 0.0)
    return False


async def _bounded(hook: Hook, deadline: float) -> None:
    """Run one stop hook until it ends or its time is up; never raise."""
    budget = max(_HOOK_FLOOR_S, deadline - asyncio.get_running_loop().time())
    task = asyncio.ensure_future(_call(hook))
    if not await _settle(task, budget):
        log.warning("a stop hook took too long and was cancelled", extra={"hook": _name(hook)})
    elif not task.cancelled() and (error := task.exception()) is not None:
        log.error("a stop hook failed", exc_info=error, extra={"hook": _name(hook)})


async def _settle(task: asyncio.Future[None], budget: float) -> bool:
    """Wait up to `budget` s for `task`, then cancel it and give it one more `_HOOK_FLOOR_S` to
    unwind (a task may catch the first cancellation to clean up); True if it ended in time.
    Waits with `asyncio.wait`, so a task that swallows cancellation cannot hold the caller."""
    done, _ = await asyncio.wait({task}, timeout=budget)
    if not done:
        task.cancel()
        await asyncio.wait({task}, timeout=_HOOK_FLOOR_S)
    return bool(done)


def _name(hook: object) -> str:
    return getattr(hook, "__qualname__", None) or repr(hook)
