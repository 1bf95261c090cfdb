"""What the heartbeat says about the store: the door's part and the devices' part together."""

from __future__ import annotations

from retail import wire
from store_controller.monitoring.monitor import DeviceMonitor
from store_controller.sync.ports import StatusProvider


class StoreStatus:
    """A `StatusProvider`: door state and lock-down from the door, the rest from the monitor."""

    def __init__(self, door: StatusProvider, monitor: DeviceMonitor) -> None:
        self._door = door
        self._monitor = monitor

    def door(self) -> wire.DoorState:
        return self._door.door()

    def lock_down(self) -> bool:
        return self._door.lock_down()

    def temperatures(self) -> tuple[wire.Temperature, ...]:
        return self._monitor.temperatures()

    def devices(self) -> tuple[wire.DeviceHealth, ...]:
        return self._door.devices() + self._monitor.devices()
