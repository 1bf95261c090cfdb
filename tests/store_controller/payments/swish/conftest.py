"""The checkout's Swish provider is tested against the swish_merchant library's simulator."""

from tests.swish_merchant.conftest import anyio_backend, clock, sim, swish_pki

__all__ = ["anyio_backend", "clock", "sim", "swish_pki"]
