"""The store's figures for Prometheus (/metrics, `byabutik.runtime.metrics`): sales, outbox
depth, sync lag, door events and temperatures. Database figures are read at each scrape (a few
indexed counts), door events counted as they pass on the bus."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import Counter
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from drivers.events import DoorClosed, DoorOpened, ExitRequested, LockEngaged, LockReleased
from store_controller.checkout.models import SaleRow
from store_controller.monitoring.monitor import DeviceMonitor
from store_controller.outbox.models import OutboxEntry
from store_controller.runtime import StoreController

DOOR_EVENTS: dict[type, str] = {
    DoorOpened: "opened",
    DoorClosed: "closed",
    ExitRequested: "exit_requested",
    LockReleased: "lock_released",
    LockEngaged: "lock_engaged",
}


class ControllerCollector(Collector):
    def __init__(self, controller: StoreController, monitor: DeviceMonitor) -> None:
        self.controller = controller
        self.monitor = monitor
        self.door = Counter(
            "byabutik_door_events",
            "door events since the controller started",
            ["event"],
            registry=None,
        )
        for event_type, name in DOOR_EVENTS.items():
            self.door.labels(name)
            controller.bus.subscribe(event_type, self._counter(name))

    def _counter(self, name: str) -> Callable[[object], None]:
        child = self.door.labels(name)
        return lambda _event: child.inc()

    def collect(self) -> Iterator[Metric]:
        now = self.controller.clock.now()
        with self.controller.sessions() as session:
            sales, amount = session.execute(
                select(func.count(), func.coalesce(func.sum(SaleRow.total_ore), 0))
            ).one()
            depth, oldest = session.execute(
                select(func.count(), func.min(OutboxEntry.created_at)).where(
                    OutboxEntry.acked_at.is_(None)
                )
            ).one()
        yield CounterMetricFamily("byabutik_sales", "sales recorded by this store", value=sales)
        yield CounterMetricFamily(
            "byabutik_sales_amount_ore", "the sales' total in öre", value=amount
        )
        yield GaugeMetricFamily(
            "byabutik_outbox_depth",
            "outbox entries not yet acknowledged by the backoffice",
            value=depth,
        )
        lag = 0.0 if oldest is None else max(0.0, (now - oldest).total_seconds())
        yield GaugeMetricFamily(
            "byabutik_sync_lag_seconds",
            "age of the oldest unacknowledged outbox entry",
            value=lag,
        )
        yield from self.door.collect()
        temperatures = GaugeMetricFamily(
            "byabutik_temperature_celsius", "latest reading per thermometer", labels=["sensor"]
        )
        for reading in self.monitor.temperatures():
            temperatures.add_metric([reading.sensor], reading.centi_celsius / 100)
        yield temperatures
