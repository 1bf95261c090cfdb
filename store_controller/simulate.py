"""`byabutik simulate ...`: the simulated twins of outside services, each its own server."""

from __future__ import annotations

from byabutik.runtime.lazycli import LazyGroup

# name -> "module:attribute" of the simulator's click command; add yours when it exists.
SIMULATORS: dict[str, str] = {
    "bankid": "bankid_rp.simulator.cli:bankid",
    "mail": "byabutik.mailcatcher:mail",
    "scanner": "drivers.virtual_scanner_cli:scanner",
    "swish": "swish_merchant.simulator.cli:swish",
}

simulate = LazyGroup(
    name="simulate",
    registry=SIMULATORS,
    help="Simulators of outside services and devices, for the demo, tests and manual testing.",
)
