"""The simulator's web application: the RP API, the phone page and the control API."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import FastAPI

from bankid_rp.simulator.certs import Issued
from bankid_rp.simulator.completion import CompletionFactory
from bankid_rp.simulator.faults import FaultInjector
from bankid_rp.simulator.orders import OrderStore, Timing
from bankid_rp.simulator.phone import control_router, phone_router
from bankid_rp.simulator.rpapi import ClientIdentifier, rp_router, tls_client_id
from byabutik.runtime.clock import Clock, SystemClock
from byabutik.runtime.web import RequestIdMiddleware


@dataclass
class Simulator:
    """One simulated BankID: its orders, faults and blocked RP certificates (by SHA-256 hex)."""

    store: OrderStore
    clock: Clock
    faults: FaultInjector = field(default_factory=FaultInjector)
    blocked_clients: set[str] = field(default_factory=set)

    @classmethod
    def create(
        cls,
        *,
        ca: Issued,
        clock: Clock | None = None,
        timing: Timing | None = None,
        default_scenario: str = "manual",
        fault_rate: float = 0.0,
    ) -> Simulator:
        clock = clock or SystemClock()
        store = OrderStore(
            clock=clock,
            completer=CompletionFactory(ca),
            timing=timing,
            default_scenario=default_scenario,
        )
        return cls(store=store, clock=clock, faults=FaultInjector(rate=fault_rate))


def create_app(
    simulator: Simulator, *, client_id_of: ClientIdentifier = tls_client_id, rp_api: bool = True
) -> FastAPI:
    """The ASGI app; `rp_api=False` gives the phone-only app for a plain-HTTP port."""
    app = FastAPI(title="BankID simulator", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(RequestIdMiddleware)
    if rp_api:
        app.include_router(
            rp_router(
                store=simulator.store,
                faults=simulator.faults,
                client_id_of=client_id_of,
                blocked_clients=simulator.blocked_clients,
            )
        )
    app.include_router(phone_router(store=simulator.store, clock=simulator.clock))
    app.include_router(
        control_router(store=simulator.store, faults=simulator.faults, clock=simulator.clock)
    )
    return app
