"""Sign-in tests run against the bankid_rp library's simulator over real HTTPS (mTLS)."""

from tests.bankid_rp.conftest import (
    anyio_backend,
    cert_files,
    client,
    client_clock,
    config,
    pki,
    sim,
)

__all__ = ["anyio_backend", "cert_files", "client", "client_clock", "config", "pki", "sim"]
