"""`StoreController`: the shared parts every feature of the controller is wired to.

Built once by `bootstrap.build_controller`, started and stopped by the web app's lifespan. Devices
report to the event bus from their own threads; features subscribe handlers that run on the event
loop (one consumer), and publish screen state on the live channel.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from drivers.factory import Devices
from store_controller.core.bus import EventBus
from store_controller.core.clock import Clock
from store_controller.i18n import Text
from store_controller.settings import ControllerSettings
from store_controller.web.live import LiveChannel

log = logging.getLogger(__name__)

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
    sessions: sessionmaker[Session]
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

    def on_start(self, hook: Hook) -> None:
        """Run `hook` on the event loop once the bus runs (features start their timers here)."""
        self._on_start.append(hook)

    def on_stop(self, hook: Hook) -> None:
        """Run `hook` at shutdown, before the devices close (last registered runs first)."""
        self._on_stop.append(hook)

    async def start(self) -> None:
        self._bus_task = self.bus.start()
        self.devices.start()
        for hook in self._on_start:
            await _call(hook)
        log.info("store controller started", extra={"store": self.settings.store_id})

    async def stop(self) -> None:
        try:
            for hook in reversed(self._on_stop):
                try:
                    await _call(hook)
                except Exception:
                    log.exception("a stop hook failed")
        finally:
            self.devices.close()  # locks engaged first, whatever failed above
            self.bus.stop()
            if self._bus_task is not None:
                await self._bus_task
            self.engine.dispose()
            log.info("store controller stopped", extra={"store": self.settings.store_id})


async def _call(hook: Hook) -> None:
    result = hook()
    if result is not None:
        await result
