"""HTTP plumbing for both apps: a request id on every request, the security headers on every
response, and the health endpoints."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType

import fastapi.routing
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from byabutik.runtime.lazy_routes import build_lazy_routes
from byabutik.runtime.logging import request_id_var

REQUEST_ID_HEADER = "x-request-id"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_access_log = logging.getLogger("byabutik.http")


class RequestIdMiddleware:
    """Give every request an id (the caller's, if safe), log it, and echo it in the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        def send_with_id(message: Message) -> Awaitable[None]:
            # A plain function handing back `send`'s awaitable: a streamed response (a screen's
            # SSE) passes every chunk through here, and a coroutine per chunk cost a frame.
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message["headers"] = headers
            return send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _access_log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={"duration_ms": round((time.perf_counter() - started) * 1000, 1)},
            )
            request_id_var.reset(token)


CSP_DIRECTIVES: Mapping[str, str] = MappingProxyType(
    {
        "default-src": "'self'",
        "script-src": "'self'",  # no inline <script>, no on...= attributes, no eval
        "style-src": "'self'",  # no <style> blocks, no style= attributes
        "img-src": "'self' data:",  # data: for QR codes and icons given as data URIs
        "font-src": "'self'",
        "connect-src": "'self'",  # fetch and EventSource to our own origin only
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",  # no page of ours is framed (clickjacking)
    }
)
"""The policy both apps send unless a response sets its own Content-Security-Policy."""


def content_security_policy(**overrides: str) -> str:
    """The policy text, with directives overridden by keyword (`frame_ancestors="'self'"`)."""
    directives = dict(CSP_DIRECTIVES)
    directives.update({name.replace("_", "-"): value for name, value in overrides.items()})
    return "; ".join(f"{name} {value}" for name, value in directives.items())


SECURITY_HEADERS: Mapping[str, str] = MappingProxyType(
    {
        "content-security-policy": content_security_policy(),
        "x-content-type-options": "nosniff",
        # Same-origin requests keep their Referer (and Origin); a receipt's capability URL never
        # leaks to another site through a link.
        "referrer-policy": "same-origin",
    }
)


class SecurityHeadersMiddleware:
    """Add `headers` (default `SECURITY_HEADERS`) to every HTTP response that lacks them.

    A route that must differ (a page meant to be framed, say) sets its own header, which wins.
    """

    def __init__(self, app: ASGIApp, headers: Mapping[str, str] = SECURITY_HEADERS) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        def send_with_headers(message: Message) -> Awaitable[None]:
            if message["type"] == "http.response.start":  # as `send_with_id`: no coroutine
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in self.headers if k not in present]
                message["headers"] = headers
            return send(message)

        await self.app(scope, receive, send_with_headers)


def route_paths(app: FastAPI, *, build: bool = True) -> list[str]:
    """The full path of every route as served (FastAPI from 0.160 includes routers lazily, so
    `app.routes` alone does not show an included router's routes). Routes included with
    `lazy_routes.include_lazily` are built first, unless `build` is false (then they are left
    out until their first request builds them)."""
    if build:
        build_lazy_routes(app)
    iterate = getattr(fastapi.routing, "iter_route_contexts", None)
    if iterate is None:  # older FastAPI: included routes are copied flat into app.routes
        return [getattr(route, "path", "") for route in app.routes]
    return [context.path or "" for context in iterate(app.routes)]


ReadinessCheck = Callable[[], dict[str, object]]


def health_router(readiness: ReadinessCheck) -> APIRouter:
    """`/healthz` answers while the process lives; `/readyz` only when `readiness` says ok."""
    router = APIRouter(tags=["health"])

    @router.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "alive"}

    @router.get("/readyz")
    def readyz() -> JSONResponse:
        report = readiness()
        ready = report.get("database") == "ok" and report.get("migrations") == "at head"
        return JSONResponse({"ready": ready, **report}, status_code=200 if ready else 503)

    return router
