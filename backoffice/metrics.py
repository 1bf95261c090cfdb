"""The backoffice's figures for Prometheus (/metrics, `byabutik.runtime.metrics`): stores,
sales ingested, each store's sync position and lag (time since its last heartbeat), and the job
queue by status when the job tables exist. Read from the database at each scrape."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from backoffice.heartbeats.models import StoreStatus
from backoffice.sales.models import Sale
from backoffice.stores.models import Store
from backoffice.sync.models import SyncCursor


class BackofficeCollector(Collector):
    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.clock = clock

    def collect(self) -> Iterator[Metric]:
        now = self.clock()
        with Session(self.engine) as session:
            slugs = {row.id: row.slug for row in session.execute(select(Store.id, Store.slug))}
            sales, amount = session.execute(
                select(func.count(), func.coalesce(func.sum(Sale.total_ore), 0))
            ).one()
            acked = {
                row.store_id: row.acked_through
                for row in session.execute(select(SyncCursor.store_id, SyncCursor.acked_through))
            }
            seen = {
                row.store_id: row.received_at
                for row in session.execute(select(StoreStatus.store_id, StoreStatus.received_at))
            }
        yield GaugeMetricFamily("byabutik_stores", "stores in the backoffice", value=len(slugs))
        yield CounterMetricFamily("byabutik_sales", "sales received from the stores", value=sales)
        yield CounterMetricFamily(
            "byabutik_sales_amount_ore", "the received sales' total in öre", value=amount
        )
        position = GaugeMetricFamily(
            "byabutik_sync_acked_through",
            "each store's outbox entries received without a gap",
            labels=["store"],
        )
        lag = GaugeMetricFamily(
            "byabutik_sync_lag_seconds",
            "time since each store's last heartbeat",
            labels=["store"],
        )
        for store_id, slug in sorted(slugs.items()):
            position.add_metric([slug], acked.get(store_id, 0))
            if (last := seen.get(store_id)) is not None:
                lag.add_metric([slug], max(0.0, (now - last).total_seconds()))
        yield position
        yield lag
        yield from self._jobs()

    def _jobs(self) -> Iterator[Metric]:
        """procrastinate's queue by status (PostgreSQL; schema procrastinate), if it is there."""
        if self.engine.dialect.name != "postgresql":
            return
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT status::text, count(*) FROM procrastinate.procrastinate_jobs"
                        " GROUP BY status"
                    )
                ).all()
        except DBAPIError:
            return
        jobs = GaugeMetricFamily("byabutik_jobs", "background jobs by status", labels=["status"])
        for status, count in rows:
            jobs.add_metric([status], count)
        yield jobs
