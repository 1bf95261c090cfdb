"""`CameraScanner`: frames in, `BarcodeScanned` out, on one reader thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from drivers.camera.decoders import make_decoder
from drivers.camera.frames import FrameSource, open_source
from drivers.camera.pipeline import DuplicateFilter, FramePipeline
from drivers.config import CameraScannerConfig
from drivers.errors import DeviceUnavailableError
from drivers.events import EventSink
from drivers.scanners.framing import Scan
from drivers.scanners.reader import ReaderThread
from drivers.timing import Backoff, Clock

END_OF_SOURCE_WAIT_S = 0.2


class _CameraConnection:
    def __init__(self, source: FrameSource, scanner: CameraScanner) -> None:
        self._source = source
        self._scanner = scanner
        self._idle = threading.Event()  # never set: a sleep that needs no time.sleep

    def read(self) -> list[Scan]:
        frame = self._source.read()
        if frame is None:  # the end of a file: idle until stopped, not lost
            self._scanner.finished.set()
            self._idle.wait(END_OF_SOURCE_WAIT_S)
            return []
        return self._scanner.scans_in(frame)

    def close(self) -> None:
        self._source.close()


class CameraScanner:
    """Decodes each frame of `open_frames()`; a code is reported again only after it left the view
    for `duplicate_window_s`. Implements `ports.BarcodeScanner`."""

    def __init__(
        self,
        *,
        name: str,
        open_frames: Callable[[], FrameSource],
        pipeline: FramePipeline,
        duplicate_window_s: float = 2.0,
        clock: Clock = time.monotonic,
        backoff: Backoff | None = None,
    ) -> None:
        self.name = name
        self.pipeline = pipeline
        self.finished = threading.Event()  # set once a file source has run out
        self._open_frames = open_frames
        self._duplicates = DuplicateFilter(duplicate_window_s)
        self._clock = clock
        self._backoff = backoff or Backoff(first_s=0.5, maximum_s=10.0)
        self._reader: ReaderThread | None = None

    def scans_in(self, frame: object) -> list[Scan]:
        now = self._clock()
        return [
            Scan(d.text, d.symbology)
            for d in self.pipeline.decode(frame)
            if self._duplicates.admit(d.text, now)
        ]

    def start(self, sink: EventSink) -> None:
        if self._reader is not None:
            raise RuntimeError(f"scanner {self.name} already started")
        self._reader = ReaderThread(
            source=self.name,
            open_connection=lambda: _CameraConnection(self._open_frames(), self),
            sink=sink,
            clock=self._clock,
            backoff=self._backoff,
        )
        self._reader.start()

    def stop(self) -> None:
        if self._reader is not None:
            self._reader.stop()
            self._reader = None

    def probe(self) -> str:
        source = self._open_frames()
        try:
            frame = source.read()
            if frame is None:
                raise DeviceUnavailableError("the source delivered no frame")
            height, width = frame.shape[:2]
            return f"frame {width}x{height}, {len(self.pipeline.decode(frame))} code(s) in view"
        finally:
            source.close()


def build_camera_scanner(
    config: CameraScannerConfig, *, clock: Clock = time.monotonic
) -> CameraScanner:
    decoder = make_decoder(config.decoder, config.symbologies)
    return CameraScanner(
        name=config.name,
        open_frames=lambda: open_source(config.source, loop=config.loop, fps=config.fps),
        pipeline=FramePipeline(decoder, region=config.region, scale=config.scale),
        duplicate_window_s=config.duplicate_window_s,
        clock=clock,
    )
