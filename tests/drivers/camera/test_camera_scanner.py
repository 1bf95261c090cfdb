from __future__ import annotations

import queue
from pathlib import Path

import pytest

from drivers.camera.decoders import ZxingDecoder
from drivers.camera.pipeline import FramePipeline
from drivers.camera.scanner import CameraScanner, build_camera_scanner
from drivers.config import CameraScannerConfig
from drivers.errors import DeviceUnavailableError
from drivers.events import BarcodeScanned, Event, ScannerLost
from drivers.symbology import Symbology
from tests.drivers.camera import images
from tests.waits import WAIT_S

MILK = images.linear("ean13", "731086500470")
COFFEE = images.linear("ean13", "735005385001")


def scanned(received: queue.Queue[Event]) -> list[str]:
    return [e.text for e in received.queue if isinstance(e, BarcodeScanned)]


@pytest.mark.parametrize("decoder", ["pyzbar", "zxing"])
def test_a_video_of_two_items_gives_two_scans(tmp_path: Path, decoder: str) -> None:
    frames = (
        [images.frame(None)] * 2
        + [images.frame(MILK, seed=i) for i in range(4)]
        + [images.frame(MILK, blur=41, width=200)]  # motion blur: nothing
        + [images.frame(COFFEE, angle=5, seed=i) for i in range(3)]
        + [images.frame(None)] * 2
    )
    video = images.write_video(tmp_path / "checkout.avi", frames)
    config = CameraScannerConfig(source=str(video), decoder=decoder)
    scanner = build_camera_scanner(config)
    received: queue.Queue[Event] = queue.Queue()
    scanner.start(received.put)
    try:
        assert scanner.finished.wait(20)
    finally:
        scanner.stop()
    assert scanned(received) == ["7310865004703", "7350053850019"]
    event = received.queue[0]
    assert isinstance(event, BarcodeScanned)
    assert (event.symbology, event.source) == (Symbology.EAN13, "camera")


def test_an_image_folder_is_a_simulated_camera(tmp_path: Path) -> None:
    import cv2

    cv2.imwrite(str(tmp_path / "1.png"), images.frame(images.qr("byabutik:demo")))
    config = CameraScannerConfig(source=str(tmp_path), decoder="zxing")
    scanner = build_camera_scanner(config)
    assert scanner.probe() == "frame 640x480, 1 code(s) in view"
    received: queue.Queue[Event] = queue.Queue()
    scanner.start(received.put)
    try:
        assert scanner.finished.wait(10)
    finally:
        scanner.stop()
    assert scanned(received) == ["byabutik:demo"]


def test_a_missing_camera_is_lost_and_probe_fails(tmp_path: Path) -> None:
    config = CameraScannerConfig(source=str(tmp_path / "nothing.avi"))
    scanner = build_camera_scanner(config)
    with pytest.raises(DeviceUnavailableError):
        scanner.probe()
    received: queue.Queue[Event] = queue.Queue()
    scanner.start(received.put)
    try:
        assert isinstance(received.get(timeout=WAIT_S), ScannerLost)
    finally:
        scanner.stop()


def test_scans_in_applies_duplicate_suppression() -> None:
    now = [0.0]
    scanner = CameraScanner(
        name="cam",
        open_frames=lambda: pytest.fail("not opened"),
        pipeline=FramePipeline(ZxingDecoder((Symbology.EAN13,))),
        duplicate_window_s=1.0,
        clock=lambda: now[0],
    )
    frame = images.frame(MILK)
    assert [s.text for s in scanner.scans_in(frame)] == ["7310865004703"]
    now[0] = 0.5
    assert scanner.scans_in(frame) == []
    now[0] = 2.0
    assert [s.text for s in scanner.scans_in(frame)] == ["7310865004703"]
