"""Prometheus metrics on /metrics, for both apps: request latency measured by a middleware,
and each app's own figures (sales, outbox depth, sync lag, ...) read when Prometheus scrapes.

/metrics exists only when `metrics_token_file` names a file holding a token of at least 32
characters; Prometheus sends it as a bearer token (`authorization: {credentials_file: ...}`).
Anything else gets 401, so shop figures never leak to whoever finds the URL. Without a token
file prometheus_client is not even imported (memory on a Pi, issue 23), and the app's collectors
are not built.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from byabutik.runtime.settings import SettingsError

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry, Histogram
    from prometheus_client.registry import Collector

MIN_TOKEN_CHARS = 32
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def read_token(path: Path, *, setting: str) -> str:
    """The token in `path`; SettingsError naming the setting when it cannot be used."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SettingsError([f"{setting}: cannot read {path} ({exc.strerror})"]) from exc
    if len(token) < MIN_TOKEN_CHARS:
        raise SettingsError(
            [
                f"{setting}: the token in {path} is shorter than {MIN_TOKEN_CHARS} characters "
                f'(make one: python3 -c "import secrets; print(secrets.token_urlsafe(48))")'
            ]
        )
    return token


class RequestMetrics:
    """An ASGI middleware timing every HTTP request by method, route template and status."""

    def __init__(self, app: ASGIApp, histogram: Histogram) -> None:
        self.app = app
        self.histogram = histogram

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            # the route's template, never the raw path: ids in paths would explode the series
            template = getattr(route, "path", None) or "unmatched"
            self.histogram.labels(scope["method"], template, str(status)).observe(
                time.perf_counter() - started
            )


def install_metrics(
    app: FastAPI,
    *,
    token_file: Path | None,
    setting: str,
    collectors: Sequence[Collector] = (),
    collector_factories: Sequence[Callable[[], Collector]] = (),
) -> CollectorRegistry | None:
    """Mount /metrics (when a token file is set) and time every request; the registry. The
    factories build the rest of the collectors, only when there is a /metrics to serve them."""
    if token_file is None:
        return None
    token = read_token(token_file, setting=setting).encode()
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest

    registry = CollectorRegistry(auto_describe=True)
    histogram = Histogram(
        "byabutik_http_request_duration_seconds",
        "HTTP request latency by method, route template and status",
        ["method", "route", "status"],
        buckets=LATENCY_BUCKETS,
        registry=registry,
    )
    for collector in (*collectors, *(build() for build in collector_factories)):
        registry.register(collector)
    app.add_middleware(RequestMetrics, histogram=histogram)

    @app.get("/metrics", include_in_schema=False)
    def metrics(request: Request) -> Response:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token):
            return Response(
                "a bearer token is needed (metrics_token_file)\n",
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return registry


def samples(registry: CollectorRegistry) -> Iterable[tuple[str, dict[str, str], float]]:
    """Every sample as (name, labels, value): for tests and the doctor."""
    for family in registry.collect():
        for sample in family.samples:
            yield sample.name, dict(sample.labels), sample.value
