"""Serving a simulator with uvicorn: HTTPS with optional client certificates, and a thread runner.

uvicorn (0.54) does not put the TLS peer certificate into the ASGI scope, so `TlsPeerH11Protocol`
reads it from the connection's `ssl_object` once the handshake is done and adds the ASGI TLS
extension (`scope["extensions"]["tls"]["client_cert_chain"]`) to every request on that connection.
With `CERT_OPTIONAL` a client without a certificate still connects and gets the API's own refusal;
a certificate from another CA fails the handshake, as it would at the real service.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol


class ServerFiles(Protocol):
    """Where a simulator's server certificate, key and (client-certificate) CA are."""

    @property
    def ca(self) -> Path: ...

    @property
    def server_cert(self) -> Path: ...

    @property
    def server_key(self) -> Path: ...


def _tls_extension(transport: asyncio.BaseTransport) -> dict[str, Any] | None:
    ssl_object: ssl.SSLObject | None = transport.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(binary_form=True)
    chain = [ssl.DER_cert_to_PEM_cert(der)] if der else []
    return {
        "server_cert": None,
        "client_cert_chain": chain,
        "client_cert_name": None,
        "client_cert_error": None,
        "tls_version": None,
        "cipher_suite": None,
    }


class TlsPeerH11Protocol(H11Protocol):
    """uvicorn's h11 protocol plus the ASGI TLS extension carrying the client certificate."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        tls = _tls_extension(transport)
        if tls is None:
            return
        inner: ASGIApp = self.app

        async def with_tls(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http":
                scope["extensions"] = {**(scope.get("extensions") or {}), "tls": tls}
            await inner(scope, receive, send)

        self.app = with_tls


def client_cert_pem(scope: Scope) -> str | None:
    """The verified client certificate of a request (PEM), from the ASGI TLS extension."""
    tls = scope.get("extensions", {}).get("tls") or {}
    chain = tls.get("client_cert_chain") or []
    return str(chain[0]) if chain else None


def _tls12_or_newer(
    config: uvicorn.Config, default: Callable[[], ssl.SSLContext]
) -> ssl.SSLContext:
    context = default()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def https_config(
    app: ASGIApp, *, host: str, port: int, files: ServerFiles, log_level: str = "warning"
) -> uvicorn.Config:
    """HTTPS with the simulator's server certificate; client certificates from its CA optional."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=TlsPeerH11Protocol,
        loop="asyncio",
        lifespan="off",
        log_level=log_level,
        log_config=None,
        ssl_certfile=str(files.server_cert),
        ssl_keyfile=str(files.server_key),
        ssl_ca_certs=str(files.ca),
        ssl_cert_reqs=ssl.CERT_OPTIONAL,
        ssl_context_factory=_tls12_or_newer,
    )


def http_config(
    app: ASGIApp, *, host: str, port: int, log_level: str = "warning"
) -> uvicorn.Config:
    """Plain HTTP, for a phone page in a browser that would balk at the throw-away CA."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        loop="asyncio",
        lifespan="off",
        log_level=log_level,
        log_config=None,
    )


class ServerThread:
    """A uvicorn server in a background thread (tests, the demo, a phone port)."""

    def __init__(self, config: uvicorn.Config, *, name: str = "simulator") -> None:
        self.name = name
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, name=name, daemon=True)

    def start(self, timeout: float = 10.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the {self.name} server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
