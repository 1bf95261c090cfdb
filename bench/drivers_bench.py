"""Driver figures, each beside its floor: `python -m bench.drivers_bench` (about 30 s).

Camera: decoded frames per second at 640x480 on one core, pyzbar and zxing-cpp side by side,
and the whole camera pipeline (BGR -> grey -> decode -> duplicate filter) as a ratio of the bare
decoder call on a ready grey frame. Serial: scan-to-event latency through `SerialScanner` (pty,
reader thread, framer, event sink) as a ratio of a bare `read_until` on the same kind of pty.
"""

from __future__ import annotations

import os
import queue
import statistics
import time
import tty
from collections.abc import Callable
from typing import Any

import cv2
import serial

from bench.results import record
from drivers.camera.decoders import make_decoder
from drivers.camera.pipeline import FramePipeline
from drivers.camera.scanner import CameraScanner
from drivers.events import BarcodeScanned, Event
from drivers.scanners.serial_scanner import SerialScanner
from drivers.symbology import Symbology
from tests.drivers.camera import images

RETAIL = (Symbology.EAN13, Symbology.EAN8, Symbology.CODE128, Symbology.QR)
CAMERA_ROUNDS = 5
ROUND_SECONDS = 0.6
SERIAL_SCANS = 400
CODE = b"7310865004703"


def pin_to_one_core() -> str:
    cv2.setNumThreads(1)
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"core {core}"
    return "all cores (no sched_setaffinity)"


def rate(call: Callable[[], object], seconds: float = ROUND_SECONDS) -> float:
    """Calls per second over about `seconds`."""
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        call()
        count += 1
    return count / elapsed


def interleaved(calls: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Median rate of each call over rounds that alternate between them (fair under load)."""
    for call in calls.values():
        call()  # warm-up
    rates: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(CAMERA_ROUNDS):
        for name, call in calls.items():
            rates[name].append(rate(call))
    return {name: statistics.median(values) for name, values in rates.items()}


def camera_rates(name: str, frame: Any, grey: Any, grey_empty: Any) -> dict[str, float]:
    decoder = make_decoder(name, RETAIL)  # type: ignore[arg-type]
    assert decoder.decode(grey), f"{name} does not read the bench frame"
    scanner = CameraScanner(
        name="bench",
        open_frames=lambda: None,  # type: ignore[arg-type,return-value]
        pipeline=FramePipeline(decoder),
        duplicate_window_s=0.0,
    )
    return interleaved(
        {
            "bare": lambda: decoder.decode(grey),
            "pipeline": lambda: scanner.scans_in(frame),
            "empty": lambda: decoder.decode(grey_empty),
        }
    )


def bench_camera() -> None:
    print(f"camera, 640x480, EAN-13 in view, symbologies {[s.value for s in RETAIL]}")
    frame = images.frame(images.linear("ean13", "731086500470"))
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    grey_empty = cv2.cvtColor(images.frame(None, noise=8), cv2.COLOR_BGR2GRAY)
    header = ("decoder", "bare fps", "pipeline fps", "pipeline/bare", "no-code fps")
    print("  {:<8} {:>9} {:>13} {:>14} {:>12}".format(*header))
    for name in ("pyzbar", "zxing"):
        r = camera_rates(name, frame, grey, grey_empty)
        ratio = r["pipeline"] / r["bare"]
        print(
            f"  {name:<8} {r['bare']:9.1f} {r['pipeline']:13.1f} {ratio:14.3f} {r['empty']:12.1f}"
        )
        record(
            f"camera pipeline, {name}",
            figure=r["pipeline"],
            floor=r["bare"],
            unit="fps",
            ratio=ratio,
        )


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def open_pty() -> tuple[int, str]:
    master, slave = os.openpty()
    tty.setraw(master)
    path = os.ttyname(slave)
    os.close(slave)
    return master, path


def raw_latencies() -> list[float]:
    """The floor: os.read on the pty's other end, no pyserial, no thread."""
    master, path = open_pty()
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    samples = []
    try:
        for _ in range(SERIAL_SCANS):
            start = time.perf_counter()
            os.write(master, CODE + b"\r")
            data = b""
            while not data.endswith(b"\r"):
                data += os.read(fd, 64)
            samples.append(time.perf_counter() - start)
    finally:
        os.close(fd)
        os.close(master)
    return samples


def read_until_latencies() -> list[float]:
    master, path = open_pty()
    port = serial.Serial(path, baudrate=115200, timeout=1)
    samples = []
    try:
        for _ in range(SERIAL_SCANS):
            start = time.perf_counter()
            os.write(master, CODE + b"\r")
            assert port.read_until(b"\r") == CODE + b"\r"
            samples.append(time.perf_counter() - start)
    finally:
        port.close()
        os.close(master)
    return samples


def scanner_latencies() -> list[float]:
    master, path = open_pty()
    events: queue.Queue[Event] = queue.Queue()
    opened = queue.Queue[bool]()

    def open_port(url: str, **kwargs: Any) -> Any:
        port = serial.serial_for_url(url, **kwargs)
        opened.put(True)
        return port

    scanner = SerialScanner(name="bench", url=path, baudrate=115200, open_port=open_port)
    scanner.start(events.put)
    samples = []
    try:
        opened.get(timeout=5)
        for _ in range(SERIAL_SCANS):
            start = time.perf_counter()
            os.write(master, CODE + b"\r")
            event = events.get(timeout=5)
            samples.append(time.perf_counter() - start)
            assert isinstance(event, BarcodeScanned)
    finally:
        scanner.stop()
        os.close(master)
    return samples


def bench_serial() -> None:
    print(f"serial, pty, {SERIAL_SCANS} scans of {CODE.decode()}+CR")
    raw = percentiles(raw_latencies())
    peer = percentiles(read_until_latencies())
    ours = percentiles(scanner_latencies())
    print(f"  {'path':<40} {'p50 ms':>8} {'p99 ms':>8} {'p50/floor':>10} {'p99/floor':>10}")
    for label, (p50, p99) in (
        ("bare os.read, same thread (floor)", raw),
        ("pyserial read_until, same thread (peer)", peer),
        ("SerialScanner thread -> event sink", ours),
    ):
        print(
            f"  {label:<40} {p50 * 1e3:8.3f} {p99 * 1e3:8.3f}"
            f" {p50 / raw[0]:10.2f} {p99 / raw[1]:10.2f}"
        )
    record(
        "serial scanner p99",
        figure=ours[1] * 1e3,
        floor=raw[1] * 1e3,
        unit="ms",
        ratio=ours[1] / raw[1],
    )


def main() -> None:
    print(f"drivers bench on {pin_to_one_core()}, cv2 {cv2.__version__}")
    bench_camera()
    bench_serial()


if __name__ == "__main__":
    main()
