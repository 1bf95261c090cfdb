"""The simulator's parts put together: the store, the callback sender, and the web apps."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI

from byabutik.runtime.clock import Clock, SystemClock
from byabutik.runtime.web import RequestIdMiddleware
from swish_merchant.simulator.api import api_router
from swish_merchant.simulator.callbacks import DEFAULT_DELAYS, CallbackSender
from swish_merchant.simulator.phone import control_router, phone_router
from swish_merchant.simulator.qrcodes import qr_router
from swish_merchant.simulator.state import StateFile
from swish_merchant.simulator.store import PaymentStore


@dataclass
class Simulator:
    """One simulated Swish: its payment requests and its callback sender (start and stop it)."""

    store: PaymentStore
    callbacks: CallbackSender

    @classmethod
    def create(
        cls,
        *,
        clock: Clock | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        scenario: str = "manual",
        auto_after: float = 2.0,
        expire_after: float = 330.0,
        allow_http_callbacks: bool = False,
        callback_verify: ssl.SSLContext | bool = True,
        callback_delays: tuple[float, ...] = DEFAULT_DELAYS,
        tick_interval: float = 0.2,
        state_file: Path | None = None,
    ) -> Simulator:
        """`state_file`: a SQLite file keeping the payments across restarts (None: memory)."""
        store = PaymentStore(
            clock=clock or SystemClock(),
            now=now,
            scenario=scenario,
            auto_after=auto_after,
            expire_after=expire_after,
            allow_http_callbacks=allow_http_callbacks,
            state=StateFile(state_file) if state_file is not None else None,
        )
        sender = CallbackSender(
            verify=callback_verify,
            delays=callback_delays,
            tick=store.settle,
            tick_interval=tick_interval,
        )
        store.on_final = sender.send
        return cls(store=store, callbacks=sender)

    def start(self) -> None:
        self.callbacks.start()

    def stop(self) -> None:
        self.callbacks.stop()
        self.store.close()


def callback_trust(*ca_files: str) -> ssl.SSLContext:
    """Trust for callback receivers: the system's roots plus the given CA files."""
    context = ssl.create_default_context()
    for ca_file in ca_files:
        context.load_verify_locations(cafile=ca_file)
    return context


def create_app(simulator: Simulator, *, api: bool = True) -> FastAPI:
    """The ASGI app; `api=False` gives the phone-only app for a plain-HTTP port."""
    app = FastAPI(title="Swish simulator", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(RequestIdMiddleware)
    if api:
        app.include_router(api_router(simulator.store))
        app.include_router(qr_router())
    app.include_router(phone_router(simulator.store))
    deliveries = simulator.callbacks
    app.include_router(control_router(simulator.store, lambda: list(deliveries.deliveries)))
    return app
