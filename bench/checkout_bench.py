"""Checkout figures, each beside its floor: `python -m bench.checkout_bench` (under a minute).

Scan-to-screen: bytes written to a pty scanner -> SerialScanner thread -> event bus -> parse,
catalog lookup, cart, kiosk document -> LiveChannel -> SSE -> an HTTP client that sees the cart
change; p50 and p99 as a ratio of the floor: the same pty driver, reader thread, bus and SSE
client with the scanned text echoed back and no domain work. Both servers run at once, each on
its own pty, and the scans alternate between them, so load hits both alike.
CPU per scan: the nanoseconds each server process ran (/proc schedstat) from the pty write
until the client saw the screen change, kiosk beside echo: steadier than wall time on a shared
machine. CHECKOUT_BENCH_PROFILE=<folder> writes kiosk.prof and echo.prof there (cProfile of
each server's event loop, CPU clock; bench/server_cpu.py).
CHECKOUT_BENCH_TRACE=1 adds each scan's phases, GC collections, the checkout's durable writes
and event-loop callbacks over CHECKOUT_BENCH_TRACE_SLOW_MS (0.5) (bench/scan_trace.py).
Sales: `record_sale` per second beside as many bare BEGIN IMMEDIATE; INSERT; COMMIT, each loop
on its own database with its WAL warmed to its steady state (bench/sale_commits.py says how).
CHECKOUT_BENCH_SCANS and CHECKOUT_BENCH_SALES set the counts (300 each by default; `./dev bench`
runs 3000 scans, ~1.5 s of scanning per 600 on a quiet machine, so its p99 is the 30th worst of
2980 rather than the 6th of 580, which swung with single scheduler hiccups; and 120 sales).
"""

from __future__ import annotations

import json
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tty
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from starlette.responses import StreamingResponse

from bench import sale_commits
from bench import scan_trace as trace
from bench.results import record
from bench.server_cpu import cpu_ns, profile_loop
from byabutik.runtime.heap import settle_after_start
from drivers.config import HardwareConfig, SerialScannerConfig
from drivers.events import BarcodeScanned
from drivers.gpio.pins import close_pin_factory, make_pin_factory
from store_controller.bootstrap import build_controller, create_app
from store_controller.checkout import seed
from store_controller.checkout.config import CheckoutConfig
from store_controller.runtime import StoreController
from store_controller.settings import ControllerSettings
from store_controller.web.live import sse_response
from tests.servers import serving

SCANS = int(os.environ.get("CHECKOUT_BENCH_SCANS", "300"))
WARMUP = 20
WAIT_S = 5.0
CART = 90
"""The cart is cleared before every 90th scan (a new customer's cart)."""
PROFILE_DIR = os.environ.get("CHECKOUT_BENCH_PROFILE", "")


class Pty:
    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self.master)
        self.path = os.ttyname(self._slave)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        os.close(self.master)
        os.close(self._slave)


def settings_for(folder: Path, tty_path: str) -> ControllerSettings:
    return ControllerSettings(
        data_dir=folder,
        store_id="bench",
        hardware=HardwareConfig(scanners=(SerialScannerConfig(url=tty_path, suffix="CR"),)),
        checkout=CheckoutConfig(demo_catalog=True),
    )


class SseClient:
    """Reads an SSE stream on a thread; each document arrives with its perf_counter time."""

    def __init__(self, url: str) -> None:
        self.documents: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self._url = url
        self._http = httpx.Client(timeout=None)
        self._socket: socket.socket | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with self._http.stream("GET", self._url) as response:
                self._socket = response.extensions["network_stream"].get_extra_info("socket")
                for line in response.iter_lines():
                    if line.startswith("data: "):
                        self.documents.put((time.perf_counter(), json.loads(line[6:])))
        except (httpx.HTTPError, RuntimeError, OSError):
            return  # closed by close()

    def wait_for(self, match: Callable[[dict[str, Any]], bool]) -> float:
        deadline = time.perf_counter() + WAIT_S
        while True:
            at, document = self.documents.get(timeout=max(deadline - time.perf_counter(), 0.01))
            if match(document):
                return at

    def close(self) -> None:
        """Drop the connection, so the server can shut down at once. The socket is shut down
        first: closing the client alone left the reading thread blocked in its read (and this
        join waited its whole timeout, 5 s a client, a third of the bench's run)."""
        if self._socket is not None:
            with suppress(OSError):
                self._socket.shutdown(socket.SHUT_RDWR)
        self._http.close()
        self._thread.join(timeout=5)


@contextmanager
def served(
    kind: str, tty_path: str, profile: Path | None = None
) -> Iterator[tuple[str, StoreController]]:
    """The kiosk's app or the echo (`kind`) with its scanner on `tty_path`, on a real server;
    its event loop profiled into `profile` if given."""
    app_for = create_app if kind == "kiosk" else echo_app
    factory = make_pin_factory("mock")
    try:
        with tempfile.TemporaryDirectory() as folder:
            controller = build_controller(settings_for(Path(folder), tty_path), pin_factory=factory)
            app = app_for(controller)
            if profile is not None:
                profile_loop(controller, profile)
            with serving(app) as base_url:
                yield base_url, controller
    finally:
        close_pin_factory(factory)


@contextmanager
def running(kind: str) -> Iterator[tuple[Pty, str, StoreController]]:
    """`served` in this process (the trace hooks into it)."""
    pty = Pty()
    try:
        with served(kind, pty.path) as (base_url, controller):
            yield pty, base_url, controller
    finally:
        pty.close()


@contextmanager
def apart(kinds: tuple[str, ...]) -> Iterator[list[tuple[Pty, str, int]]]:
    """`served` in a process of its own per kind, as the kiosk's browser is another process:
    the client's threads here do not compete with the servers for one GIL."""
    ptys = [Pty() for _ in kinds]
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.checkout_bench", "--serve", kind, pty.path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for kind, pty in zip(kinds, ptys, strict=True)
    ]
    try:
        urls = [child.stdout.readline().strip() for child in children if child.stdout]
        if len(urls) != len(kinds) or not all(urls):
            raise RuntimeError("a bench server did not start")
        yield [(pty, url, child.pid) for pty, url, child in zip(ptys, urls, children, strict=True)]
    finally:
        for child in children:
            if child.stdin:
                child.stdin.close()  # the server stops when its stdin ends
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
        for pty in ptys:
            pty.close()


def serve(kind: str, tty_path: str) -> None:
    """Child of `apart`: print the base URL, serve until stdin closes."""
    profile = Path(PROFILE_DIR) / f"{kind}.prof" if PROFILE_DIR else None
    with served(kind, tty_path, profile) as (base_url, _controller):
        # As `byabutik controller run` does once started (the echo too, for a like floor):
        # what start-up left alive is kept out of the scans' garbage collections.
        settle_after_start()
        print(base_url, flush=True)
        sys.stdin.read()


def echo_app(controller: StoreController) -> FastAPI:
    """The floor: the scanned text straight back to the client, through the same parts."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await controller.start()
        yield
        await controller.stop()

    app = FastAPI(lifespan=lifespan)
    counter = {"n": 0}

    def echo(event: BarcodeScanned) -> None:
        counter["n"] += 1
        controller.live.publish("echo", {"text": event.text, "n": counter["n"]})

    controller.bus.subscribe(BarcodeScanned, echo)

    @app.get("/echo")
    async def events() -> StreamingResponse:
        return sse_response(controller.live, "echo")

    return app


Series = tuple[list[float], list[float]]
"""Seconds from the pty write to the screen's change, and the server's CPU seconds for it."""


def scan_latency() -> tuple[Series, Series]:
    """Checkout and floor in one run, each on its own server and pty, scans alternating (one to
    the kiosk, one to the echo), so load on the shared machine hits both alike. The servers run
    in processes of their own, or in this one with the trace (it hooks into the kiosk's)."""
    if trace.ENABLED:
        with running("kiosk") as (pty, base_url, controller), running("echo") as echo:
            tracer = trace.install(controller)
            tracer.kiosk_thread = f"uvicorn-{base_url.rsplit(':', 1)[1]}"
            checkout, floor = alternate((pty, base_url, None), (*echo[:2], None), tracer)
            tracer.report(WARMUP)
    else:
        with apart(("kiosk", "echo")) as (kiosk, echo_server):
            checkout, floor = alternate(kiosk, echo_server, None)
    return (checkout[0][WARMUP:], checkout[1][WARMUP:]), (floor[0][WARMUP:], floor[1][WARMUP:])


def alternate(
    kiosk: tuple[Pty, str, int | None],
    echo: tuple[Pty, str, int | None],
    tracer: trace.Tracer | None,
) -> tuple[Series, Series]:
    """One scan to the kiosk, one to the echo, SCANS times; a server's CPU is measured when
    its process id is given (it runs apart)."""
    code = seed.MJOLK.encode() + b"\r"
    (pty, base_url, pid), (echo_pty, echo_url, echo_pid) = kiosk, echo
    checkout: Series = ([], [])
    floor: Series = ([], [])
    client = SseClient(f"{base_url}/kiosk/events")
    echo_client = SseClient(f"{echo_url}/echo")
    # The kiosk page's taps go over a connection it keeps (fetch), not a new one each (a new
    # httpx client per tap also built an SSL context here, ~10 ms of this process's CPU).
    taps = httpx.Client(base_url=base_url)
    try:
        client.wait_for(lambda d: d["phase"] == "idle")
        time.sleep(0.2)  # the echo stream is open once its first keepalive could have come
        for n in range(SCANS):
            count = n % CART + 1
            if count == 1 and n:
                taps.post("/kiosk/clear")
                client.wait_for(lambda d: d["item_count"] == 0)
            timed(checkout, pid, pty, client, code, field_is("item_count", count), tracer)
            timed(floor, echo_pid, echo_pty, echo_client, code, field_is("n", n + 1))
    finally:
        taps.close()
        client.close()
        echo_client.close()
    return checkout, floor


def field_is(name: str, value: int) -> Callable[[dict[str, Any]], bool]:
    return lambda document: bool(document[name] == value)


def timed(
    into: Series,
    pid: int | None,
    pty: Pty,
    client: SseClient,
    data: bytes,
    match: Callable[[dict[str, Any]], bool],
    tracer: trace.Tracer | None = None,
) -> None:
    """One scan: its latency and (with `pid`) the server's CPU for it, appended to `into`."""
    cpu = cpu_ns(pid) if pid is not None else 0
    start = time.perf_counter()
    if tracer is not None:
        tracer.sent(start)
    pty.send(data)
    seen = client.wait_for(match)
    if tracer is not None:
        tracer.seen(seen)
    into[0].append(seen - start)
    if pid is not None:
        into[1].append((cpu_ns(pid) - cpu) / 1e9)


def quantiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100)
    return statistics.median(values), cuts[98]


def first_scan_report(
    checkout: list[float], checkout_cpu: list[float], floor: list[float], floor_cpu: list[float]
) -> None:
    """The first scan of each new cart (right after a clear) beside the other scans: median
    wall and server CPU, kiosk and echo (the echo's scan of the same turn)."""
    first = [i for i in range(len(checkout)) if (i + WARMUP) % CART == 0]
    later = [i for i in range(len(checkout)) if (i + WARMUP) % CART != 0]
    if not first:
        return

    def median(values: list[float], at: list[int]) -> float:
        return statistics.median(values[i] for i in at) * 1e3

    for name, wall, cpu in (("checkout", checkout, checkout_cpu), ("echo", floor, floor_cpu)):
        print(
            f"  {name:8s}  new cart's first scan {median(wall, first):5.2f} ms "
            f"{median(cpu, first) * 1e3:5.0f} us CPU; other scans {median(wall, later):5.2f} ms "
            f"{median(cpu, later) * 1e3:5.0f} us CPU ({len(first)} first scans)"
        )


def main() -> None:
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2], sys.argv[3])
        return
    (checkout, checkout_cpu), (floor, floor_cpu) = scan_latency()
    (c50, c99), (f50, f99) = quantiles(checkout), quantiles(floor)
    print(f"scan-to-screen ({len(checkout)} scans): pty -> SerialScanner -> bus -> checkout -> SSE")
    print(f"  checkout  p50 {c50 * 1000:7.2f} ms   p99 {c99 * 1000:7.2f} ms")
    print(
        f"  floor     p50 {f50 * 1000:7.2f} ms   p99 {f99 * 1000:7.2f} ms   (echo, no domain work)"
    )
    print(f"  ratio     p50 {c50 / f50:7.2f} x    p99 {c99 / f99:7.2f} x")
    if checkout_cpu and floor_cpu:
        k_cpu, e_cpu = statistics.median(checkout_cpu), statistics.median(floor_cpu)
        print(
            f"  server CPU per scan, median: checkout {k_cpu * 1e6:6.0f} us   "
            f"echo {e_cpu * 1e6:6.0f} us   ratio {k_cpu / e_cpu:5.2f} x"
        )
        record(
            "scan CPU per scan",
            figure=k_cpu * 1e6,
            floor=e_cpu * 1e6,
            unit="us",
            ratio=k_cpu / e_cpu,
        )
        first_scan_report(checkout, checkout_cpu, floor, floor_cpu)
    record("scan to screen p50", figure=c50 * 1e3, floor=f50 * 1e3, unit="ms", ratio=c50 / f50)
    record(
        "scan to screen p99",
        figure=c99 * 1e3,
        floor=f99 * 1e3,
        unit="ms",
        ratio=c99 / f99,
        goal=("<=", 1.5),
    )
    with tempfile.TemporaryDirectory() as folder:
        sale_commits.report(sale_commits.sales_per_second(Path(folder)))


if __name__ == "__main__":
    main()
