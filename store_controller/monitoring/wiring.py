"""`install_monitoring`: the device monitor subscribed to the bus, ticking once a second."""

from __future__ import annotations

import asyncio
import contextlib

from drivers.events import DeviceFault, ScannerLost, ScannerRestored, TemperatureRead
from store_controller.monitoring.monitor import DeviceMonitor
from store_controller.runtime import StoreController

TICK_S = 1.0


def install_monitoring(controller: StoreController, *, tick_s: float = TICK_S) -> DeviceMonitor:
    monitor = DeviceMonitor(
        sessions=controller.sessions,
        clock=controller.clock,
        config=controller.settings.monitoring,
    )
    bus = controller.bus
    bus.subscribe(TemperatureRead, monitor.on_temperature)
    bus.subscribe(DeviceFault, monitor.on_device_fault)
    bus.subscribe(ScannerLost, monitor.on_scanner_lost)
    bus.subscribe(ScannerRestored, monitor.on_scanner_restored)
    ticker: list[asyncio.Task[None]] = []

    async def tick_forever() -> None:
        while True:
            await asyncio.sleep(tick_s)
            monitor.tick()

    def start() -> None:
        ticker.append(asyncio.create_task(tick_forever(), name="device-monitor"))

    async def stop() -> None:
        for task in ticker:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    controller.on_start(start)
    controller.on_stop(stop)
    return monitor
