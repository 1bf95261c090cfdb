"""The controller's composition root: settings in, a wired application out."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from byabutik import __version__
from byabutik.runtime.apidocs import docs_options, install_api_docs
from byabutik.runtime.db import make_engine, readiness_report
from byabutik.runtime.metrics import install_metrics
from byabutik.runtime.web import RequestIdMiddleware, SecurityHeadersMiddleware, health_router
from drivers.factory import build_devices
from store_controller.checkout.wiring import install_checkout
from store_controller.core.bus import EventBus
from store_controller.core.clock import Clock, SystemClock
from store_controller.core.systemd import SystemdNotifier
from store_controller.customers.identity_key import load_identity_key
from store_controller.db import MIGRATIONS
from store_controller.db.sessions import LazySessions
from store_controller.entry.wiring import install_door
from store_controller.i18n import Text
from store_controller.monitoring.status import StoreStatus
from store_controller.monitoring.wiring import install_monitoring
from store_controller.production import check_no_simulation_routes, refuse_unfit
from store_controller.runtime import Screen, StoreController
from store_controller.settings import ControllerSettings
from store_controller.sync.book_stock import BookStock
from store_controller.sync.cable import SimulatedCable
from store_controller.sync.checkout_catalog import CheckoutCatalog
from store_controller.sync.events import AccessPolicyReceived
from store_controller.sync.install import install_sync
from store_controller.sync.member_standings import AccountStandings
from store_controller.web.home import router as home_router
from store_controller.web.live import LiveChannel
from store_controller.web.templating import STATIC_DIR

if TYPE_CHECKING:
    from prometheus_client.registry import Collector

    from store_controller.monitoring.monitor import DeviceMonitor


def open_database(settings: ControllerSettings) -> Engine:
    """The local database, migrated to head in this process (tests, tools); `controller run`
    migrates in a child process instead (`store_controller.db.child_migration`)."""
    engine = make_engine(settings.effective_database_url)
    MIGRATIONS.refuse_newer(engine, command_name="byabutik controller")
    MIGRATIONS.upgrade(engine)
    return engine


def build_controller(
    settings: ControllerSettings,
    *,
    engine: Engine | None = None,
    open_db: Callable[[ControllerSettings], Engine] = open_database,
    clock: Clock | None = None,
    pin_factory: Any = None,
) -> StoreController:
    """Everything the store needs, built but not started. Tests pass a pin factory to drive;
    `controller run` opens the database with its migration in a child process (`open_db`).

    Refuses (SettingsError) a production configuration with anything simulated in it, and an
    identity key that is missing, short or readable by others."""
    refuse_unfit(settings)
    identity_key = load_identity_key(settings)
    engine = engine or open_db(settings)
    bus = EventBus()
    devices = build_devices(settings.hardware, sink=bus.publish, pin_factory=pin_factory)
    return StoreController(
        settings=settings,
        clock=clock or SystemClock(),
        engine=engine,
        sessions=LazySessions(engine),
        bus=bus,
        live=LiveChannel(),
        devices=devices,
        identity_key=identity_key,
    )


def store_metrics(controller: StoreController, monitor: DeviceMonitor) -> Collector:
    """The store's figures for /metrics: built (with prometheus_client) only when it is served."""
    from store_controller.metrics import ControllerCollector

    return ControllerCollector(controller, monitor)


def create_app(controller: StoreController) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await controller.start()
        try:
            yield
        finally:
            await controller.stop()

    settings = controller.settings
    app = FastAPI(
        title=f"Byabutik store controller ({settings.store_id})",
        version=__version__,
        lifespan=lifespan,
        **docs_options(enabled=settings.api_docs_enabled),
    )
    app.state.controller = controller
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestIdMiddleware)
    app.include_router(health_router(lambda: readiness_report(controller.engine, MIGRATIONS)))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_api_docs(app)
    install_checkout(app, controller)
    controller.screens.append(
        Screen("/kiosk", Text("Kassan", "Checkout"), Text("Skanna och betala", "Scan and pay"))
    )
    door = install_door(app, controller)
    catalog = CheckoutCatalog(
        controller.sessions,
        controller.clock.now,
        on_access_policy=lambda policy: controller.bus.publish(AccessPolicyReceived(policy)),
    )
    if (stored := catalog.access_policy()) is not None:
        door.policy.replace(stored)  # the backoffice's policy outlives a restart

    def take_policy(event: AccessPolicyReceived) -> None:
        door.commands.take_policy(event.policy)

    controller.bus.subscribe(AccessPolicyReceived, take_policy)
    monitor = install_monitoring(controller)
    cable = SimulatedCable() if settings.hardware.pin_factory == "mock" else None
    app.state.cable = cable  # the /sim page pulls and replugs it
    install_sync(
        app,
        controller,
        cable=cable,
        catalog=catalog,
        stock=BookStock(controller.sessions, controller.clock.now),
        members=AccountStandings(controller.sessions, controller.clock.now),
        commands=door.commands,
        status=StoreStatus(door.commands, monitor),
    )
    install_metrics(
        app,
        token_file=settings.metrics_token_file,
        setting="metrics_token_file (BYABUTIK_CONTROLLER_METRICS_TOKEN_FILE)",
        collector_factories=[lambda: store_metrics(controller, monitor)],
    )
    app.include_router(home_router)
    check_no_simulation_routes(app, settings)
    notifier = SystemdNotifier()  # last: READY=1 only once every feature has started
    controller.on_start(notifier.started)
    controller.on_stop(notifier.stopping)
    return app
