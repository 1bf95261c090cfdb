"""Bytes from a scanner to scans, in pure code apart from any reader thread.

`Framer` cuts a byte stream on the configured suffix and keeps partial frames across reads;
`decode_frame` turns one frame into text and a symbology, dropping control bytes except GS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from drivers.symbology import Symbology, split_aim_prefix

Suffix = Literal["CR", "LF", "CRLF"]
SUFFIX_BYTES: dict[Suffix, bytes] = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n"}
GS = "\x1d"  # GS1 group separator (FNC1 in the data): must survive
MAX_FRAME_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Scan:
    text: str
    symbology: Symbology


class Framer:
    """Splits a byte stream into frames ending with `suffix` (which is not part of the frame).

    CR and LF framers also swallow the other line-end byte, so a scanner set to CRLF still works
    when configured as CR or LF. A frame longer than `max_bytes` without a suffix is dropped.
    """

    def __init__(self, suffix: Suffix = "CR", max_bytes: int = MAX_FRAME_BYTES) -> None:
        self.suffix = SUFFIX_BYTES[suffix]
        self.max_bytes = max_bytes
        self._buffer = bytearray()
        self.dropped = 0

    def feed(self, data: bytes) -> list[bytes]:
        """Add bytes; return every complete frame, in order."""
        self._buffer += data
        frames: list[bytes] = []
        while (end := self._buffer.find(self.suffix)) >= 0:
            frames.append(bytes(self._buffer[:end]).strip(b"\r\n"))
            del self._buffer[: end + len(self.suffix)]
        if len(self._buffer) > self.max_bytes:
            self._buffer.clear()
            self.dropped += 1
        return [frame for frame in frames if frame]

    def reset(self) -> None:
        """Forget a partial frame (after the device was lost)."""
        self._buffer.clear()

    @property
    def pending(self) -> bytes:
        return bytes(self._buffer)


def clean_text(raw: bytes) -> str:
    """UTF-8 text without control characters other than GS; invalid bytes are dropped."""
    text = raw.decode("utf-8", errors="ignore")
    return "".join(ch for ch in text if ch == GS or ch.isprintable()).strip(" ")


def decode_frame(frame: bytes, *, aim_prefix: bool) -> Scan | None:
    """One frame to a scan; None when nothing printable is left."""
    text = clean_text(frame)
    symbology = Symbology.UNKNOWN
    if aim_prefix:
        symbology, text = split_aim_prefix(text)
    return Scan(text, symbology) if text else None
