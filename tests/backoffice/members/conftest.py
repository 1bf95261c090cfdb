"""The members fixtures: a backoffice on SQLite and PostgreSQL with a movable clock, and the
BankID simulator (over HTTPS, mTLS) for the member's own sign-in."""

from tests.backoffice.products.conftest import clock, owner
from tests.bankid_rp.conftest import (
    anyio_backend,
    cert_files,
    client,
    client_clock,
    config,
    pki,
    sim,
)

__all__ = [
    "anyio_backend",
    "cert_files",
    "client",
    "client_clock",
    "clock",
    "config",
    "owner",
    "pki",
    "sim",
]
