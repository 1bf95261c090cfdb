"""Serving the simulator: moved to `byabutik.runtime.tls.server` (shared with the Swish simulator).

Re-exported here so that existing imports keep working.
"""

from __future__ import annotations

from byabutik.runtime.tls.server import (
    ServerThread,
    TlsPeerH11Protocol,
    http_config,
    https_config,
)

__all__ = ["ServerThread", "TlsPeerH11Protocol", "http_config", "https_config"]
