"""Where a scan's time goes, for `checkout_bench` with CHECKOUT_BENCH_TRACE=1 (off by default).

Per kiosk scan: read (pty write -> the reader thread publishes), bus (-> the handler starts on
the event loop), parse, lookup (the catalog query with its connection), cart (the rest of the
handler before the screen is told), publish (kiosk document + live channel), push (-> the SSE
client has it). Also every GC collection (gc.callbacks), every durable write the checkout makes
(abandoned / unknown) and every event-loop callback over 0.5 ms, and which of them fall inside
the slowest scans.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any

from drivers.events import BarcodeScanned
from store_controller.checkout import service as service_module
from store_controller.checkout.catalog_store import CatalogReader
from store_controller.checkout.parsed_scans import ParsedScans
from store_controller.core.bus import EventBus
from store_controller.runtime import StoreController

ENABLED = os.environ.get("CHECKOUT_BENCH_TRACE", "") not in ("", "0")
SLOW_CALLBACK_S = float(os.environ.get("CHECKOUT_BENCH_TRACE_SLOW_MS", "0.5")) / 1000
PHASES = ("read", "bus", "parse", "lookup", "cart", "publish", "push")


class Tracer:
    def __init__(self) -> None:
        self.kiosk_thread = ""
        self.scans: list[dict[str, float]] = []
        self.gcs: list[tuple[float, float, int]] = []
        self.writes: list[tuple[str, float, float]] = []
        self.slow: list[tuple[float, float, str]] = []
        self._gc_start = 0.0
        self._current: dict[str, float] = {}
        self._bus: EventBus | None = None
        self._loop_thread: int | None = None

    # -- hooks --
    def sent(self, at: float) -> None:
        self._current = {"sent": at}

    def seen(self, at: float) -> None:
        self._current["seen"] = at
        self.scans.append(self._current)

    def mark(self, name: str) -> None:
        self._current.setdefault(name, time.perf_counter())

    def on_gc(self, phase: str, info: dict[str, Any]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._gc_start = now
        else:
            self.gcs.append((self._gc_start, now, info["generation"]))

    # -- report --
    def report(self, warmup: int) -> None:
        gc.callbacks.remove(self.on_gc)
        scans = [s for s in self.scans[warmup:] if _complete(s)]
        split = [_split(s) for s in scans]
        print(f"trace: {len(split)} kiosk scans ({self.kiosk_thread}), phase p50 and p99 (ms)")
        for phase in (*PHASES, "total"):
            values = [row[phase] for row in split]
            p99 = statistics.quantiles(values, n=100)[98] if len(values) > 2 else max(values)
            print(f"  {phase:8s} p50 {statistics.median(values) * 1e3:6.2f}  p99 {p99 * 1e3:6.2f}")
        by_gen = Counter(gen for _, _, gen in self.gcs)
        worst_gc = {g: max(e - s for s, e, gen in self.gcs if gen == g) for g in by_gen}
        print(
            "  gc collections (process):",
            ", ".join(
                f"gen{g} x{by_gen[g]} max {worst_gc[g] * 1e3:.2f} ms" for g in sorted(by_gen)
            ),
        )
        for name, start, end in self.writes:
            print(f"  durable write {name}: {(end - start) * 1e3:.2f} ms")
        slow = Counter(name for _, _, name in self.slow)
        print(f"  loop callbacks > {SLOW_CALLBACK_S * 1e3:.1f} ms: {len(self.slow)}")
        for name, count in slow.most_common(12):
            worst = max(e - s for s, e, n in self.slow if n == name)
            print(f"    x{count} max {worst * 1e3:6.2f} ms  {name[:110]}")
        ranked = sorted(zip(split, scans, strict=True), key=lambda r: -r[0]["total"])
        print("  slowest scans (ms):")
        for row, scan in ranked[: max(3, len(ranked) // 50)]:
            parts = " ".join(f"{p} {row[p] * 1e3:.2f}" for p in PHASES)
            inside = self._inside(scan["sent"], scan["seen"])
            print(f"    total {row['total'] * 1e3:6.2f}: {parts}{inside}")

    def _inside(self, start: float, end: float) -> str:
        gcs = [f"gen{g} {(e - s) * 1e3:.2f}" for s, e, g in self.gcs if s < end and e > start]
        slow = [f"{n[:50]} {(e - s) * 1e3:.2f}" for s, e, n in self.slow if s < end and e > start]
        return (f"  | gc {gcs}" if gcs else "") + (f"  | loop {slow}" if slow else "")


def _complete(scan: dict[str, float]) -> bool:
    return all(k in scan for k in ("sent", "published", "handler", "parsed", "found", "publish"))


def _split(s: dict[str, float]) -> dict[str, float]:
    return {
        "read": s["published"] - s["sent"],
        "bus": s["handler"] - s["published"],
        "parse": s["parsed"] - s["handler"],
        "lookup": s["found"] - s["parsed"],
        "cart": s["publish"] - s["found"],
        "publish": s["published_screen"] - s["publish"],
        "push": s["seen"] - s["published_screen"],
        "total": s["seen"] - s["sent"],
    }


def install(controller: StoreController) -> Tracer:
    """Hook the running kiosk controller (the bench's, not the echo's)."""
    tracer = Tracer()
    gc.callbacks.append(tracer.on_gc)
    bus = controller.bus
    serial_sink = bus.publish

    def publish(event: object) -> None:
        if isinstance(event, BarcodeScanned):
            tracer.mark("published")
        serial_sink(event)

    for device in controller.devices.scanners:
        reader = getattr(device, "_reader", None)
        if reader is not None:
            reader._sink = publish  # the reader thread calls its sink per scan
    dispatch = bus._dispatch

    async def traced_dispatch(event: object) -> None:
        if isinstance(event, BarcodeScanned):
            tracer.mark("handler")
        await dispatch(event)

    setattr(bus, "_dispatch", traced_dispatch)  # noqa: B010 (a private method)
    parse = ParsedScans.parse
    ParsedScans.parse = _after(parse, partial(tracer.mark, "parsed"))  # type: ignore[method-assign]
    reader = CatalogReader.find
    CatalogReader.find = _after(reader, partial(tracer.mark, "found"))  # type: ignore[method-assign]
    for name in ("record_abandoned_cart", "record_unknown_barcode"):
        setattr(service_module, name, _timed(getattr(service_module, name), name, tracer))
    live_publish = controller.live.publish

    def traced_live(topic: str, document: dict[str, Any]) -> None:
        live_publish(topic, document)
        tracer.mark("published_screen")

    controller.live.publish = traced_live  # type: ignore[method-assign]
    original_publish = service_module.CheckoutService.publish

    def traced_service_publish(self: Any) -> None:
        tracer.mark("publish")
        original_publish(self)

    service_module.CheckoutService.publish = traced_service_publish  # type: ignore[method-assign]
    _watch_loop(tracer)
    return tracer


def _after(function: Callable[..., Any], then: Callable[[], None]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        then()
        return result

    return wrapped


def _timed(function: Callable[..., Any], name: str, tracer: Tracer) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            tracer.writes.append((name, start, time.perf_counter()))

    return wrapped


def _watch_loop(tracer: Tracer) -> None:
    """Every asyncio callback over SLOW_CALLBACK_S on any server's loop (by thread name)."""
    run = asyncio.events.Handle._run

    def timed_run(handle: asyncio.events.Handle) -> None:
        start = time.perf_counter()
        run(handle)
        took = time.perf_counter() - start
        if took > SLOW_CALLBACK_S:
            where = threading.current_thread().name
            tracer.slow.append((start, start + took, f"{where}: {_callback_name(handle)}"))

    setattr(asyncio.events.Handle, "_run", timed_run)  # noqa: B010 (a private method)


def _callback_name(handle: asyncio.events.Handle) -> str:
    """A task's coroutine (what a wake-up resumes), else the callback itself."""
    callback = handle._callback  # type: ignore[attr-defined]
    task = getattr(callback, "__self__", None)
    if isinstance(task, asyncio.Task):
        return f"task {task.get_name()} {task.get_coro().__qualname__}"  # type: ignore[union-attr]
    return repr(callback)
