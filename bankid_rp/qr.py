"""The animated QR code: a fresh frame every second, computed on the server from qrStartSecret."""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from dataclasses import dataclass, field

QR_REFRESH_SECONDS = 1.0
_FRAME = re.compile(r"^bankid\.([0-9a-fA-F-]{36})\.(\d{1,6})\.([0-9a-f]{64})$")


def qr_auth_code(qr_start_secret: str, seconds: int) -> str:
    """Lowercase hex HMAC-SHA256 of the decimal seconds, keyed with the secret's UTF-8 bytes."""
    return hmac.new(qr_start_secret.encode(), str(seconds).encode(), hashlib.sha256).hexdigest()


def qr_data(qr_start_token: str, qr_start_secret: str, seconds: int) -> str:
    """The QR content `bankid.<token>.<seconds>.<auth code>` for whole seconds since the start."""
    if seconds < 0:
        raise ValueError("seconds since the order started cannot be negative")
    return f"bankid.{qr_start_token}.{seconds}.{qr_auth_code(qr_start_secret, seconds)}"


@dataclass(frozen=True)
class QrFrame:
    """A scanned QR string taken apart (no check of its code; see `verify_qr_frame`)."""

    qr_start_token: str
    seconds: int
    auth_code: str


def parse_qr_frame(text: str) -> QrFrame | None:
    match = _FRAME.match(text.strip())
    if match is None:
        return None
    return QrFrame(match.group(1), int(match.group(2)), match.group(3))


def verify_qr_frame(frame: QrFrame, qr_start_secret: str) -> bool:
    return hmac.compare_digest(frame.auth_code, qr_auth_code(qr_start_secret, frame.seconds))


@dataclass(frozen=True)
class AnimatedQr:
    """The QR of one order counted from `started_at`, the time the auth/sign answer arrived.

    Any clock will do as long as `frame_at` is given the same clock's time: the client's
    monotonic clock in one process, or the wall-clock seconds stored with the order when
    several workers draw frames of the same order (a monotonic time means nothing elsewhere).
    """

    qr_start_token: str
    qr_start_secret: str = field(repr=False)
    started_at: float

    def seconds_at(self, now: float) -> int:
        return max(0, math.floor(now - self.started_at))

    def frame_at(self, now: float) -> str:
        return qr_data(self.qr_start_token, self.qr_start_secret, self.seconds_at(now))
