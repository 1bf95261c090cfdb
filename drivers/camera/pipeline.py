"""Frame to codes: grey, region of interest, downscale, decode; and duplicate suppression."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from drivers.camera.decoders import Decoded, Decoder

Region = tuple[float, float, float, float]


@dataclass
class FramePipeline:
    """`region` is (x, y, width, height) in fractions of the frame; `scale` shrinks the image."""

    decoder: Decoder
    region: Region | None = None
    scale: float = 1.0

    def __post_init__(self) -> None:
        import cv2

        self._cv2 = cv2
        if not 0 < self.scale <= 1:
            raise ValueError("scale must be in (0, 1]")
        if self.region is not None:
            x, y, w, h = self.region
            if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 - x and 0 < h <= 1 - y):
                raise ValueError(f"region {self.region} is not inside the frame")

    def prepare(self, frame: Any) -> Any:
        """The grey, cropped, downscaled image the decoder sees."""
        cv2 = self._cv2
        grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        if self.region is not None:
            height, width = grey.shape
            x, y, w, h = self.region
            grey = grey[
                int(y * height) : int((y + h) * height), int(x * width) : int((x + w) * width)
            ]
        if self.scale < 1:
            grey = cv2.resize(
                grey, None, fx=self.scale, fy=self.scale, interpolation=cv2.INTER_AREA
            )
        return grey

    def decode(self, frame: Any) -> list[Decoded]:
        return self.decoder.decode(self.prepare(frame))


@dataclass
class DuplicateFilter:
    """Lets a code through once per `window_s` while it stays in view.

    The window restarts each time the code is seen, so a code held under the camera counts once;
    taken away and shown again after the window, it counts again (a second item).
    """

    window_s: float
    _last_seen: dict[str, float] = field(default_factory=dict)

    def admit(self, text: str, now: float) -> bool:
        last = self._last_seen.get(text)
        self._last_seen[text] = now
        self._forget_before(now - self.window_s)
        return last is None or now - last > self.window_s

    def _forget_before(self, limit: float) -> None:
        if len(self._last_seen) > 64:
            self._last_seen = {t: at for t, at in self._last_seen.items() if at >= limit}
