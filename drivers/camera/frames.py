"""Frame sources: a camera or video file through OpenCV, or a folder of images (simulation)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Protocol

from drivers.errors import DeviceUnavailableError

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".pgm"})


class FrameSource(Protocol):
    """`read()` returns the next BGR or grey frame, or None at the end of a file source; it raises
    `DeviceUnavailableError` when a camera stops delivering. `close()` releases the device."""

    def read(self) -> Any: ...

    def close(self) -> None: ...


class _Pacer:
    """Holds a file source to `fps` so a simulation runs at camera speed (None = flat out)."""

    def __init__(self, fps: float | None) -> None:
        self._period = 1.0 / fps if fps else 0.0
        self._next = time.monotonic()
        self._sleeper = threading.Event()

    def wait(self) -> None:
        if self._period:
            self._sleeper.wait(max(0.0, self._next - time.monotonic()))
            self._next = max(self._next + self._period, time.monotonic())


class OpenCvSource:
    """A camera index (`0` = /dev/video0) or a video file, through `cv2.VideoCapture`."""

    def __init__(self, source: int | str, *, loop: bool = False, fps: float | None = None) -> None:
        import cv2

        self._cv2 = cv2
        self._source = source
        self._loop = loop and isinstance(source, str)
        self._pacer = _Pacer(fps if isinstance(source, str) else None)
        self._capture = cv2.VideoCapture(source)
        if not self._capture.isOpened():
            self._capture.release()
            raise DeviceUnavailableError(f"cannot open camera/video {source!r}")
        if isinstance(source, int):
            # Decode the newest frame, not a stale one queued while the last decode ran
            # (honoured by V4L2; other backends ignore it).
            self._capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)

    def read(self) -> Any:
        self._pacer.wait()
        ok, frame = self._capture.read()
        if ok:
            return frame
        if isinstance(self._source, int):
            raise DeviceUnavailableError(f"camera {self._source} delivered no frame")
        if self._loop:
            self._capture.set(self._cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._capture.read()
            return frame if ok else None
        return None

    def close(self) -> None:
        self._capture.release()


class ImageFolderSource:
    """Every image in a folder, in name order, as frames (a simulated camera)."""

    def __init__(self, folder: Path, *, loop: bool = False, fps: float | None = None) -> None:
        import cv2

        self._cv2 = cv2
        self._paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self._paths:
            raise DeviceUnavailableError(f"no images in {folder}")
        self._loop = loop
        self._index = 0
        self._pacer = _Pacer(fps)

    def read(self) -> Any:
        if self._index >= len(self._paths):
            if not self._loop:
                return None
            self._index = 0
        self._pacer.wait()
        path = self._paths[self._index]
        self._index += 1
        frame = self._cv2.imread(str(path), self._cv2.IMREAD_GRAYSCALE)
        if frame is None:
            raise DeviceUnavailableError(f"unreadable image {path}")
        return frame

    def close(self) -> None:
        self._index = len(self._paths)


def open_source(source: int | str, *, loop: bool = False, fps: float | None = None) -> FrameSource:
    """A camera index, a video file or an image folder, by what `source` is."""
    if isinstance(source, str) and Path(source).is_dir():
        return ImageFolderSource(Path(source), loop=loop, fps=fps)
    return OpenCvSource(source, loop=loop, fps=fps)
