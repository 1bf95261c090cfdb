"""QR codes as inline SVG (segno), for the kiosk's BankID and payment codes and receipts."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=32)
def qr_svg(data: str, *, scale: int = 6) -> str:
    """An inline `<svg>` of `data` (no XML declaration), black on white with a quiet zone."""
    import segno  # ~0.7 MB with its writers: loaded by the first QR code, not at start

    code = segno.make(data, error="m")
    svg: str = code.svg_inline(scale=scale, dark="#000", light="#fff", border=4, omitsize=True)
    return svg
