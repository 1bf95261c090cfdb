"""`ParsedScans`: what `parse_scan` made of a scanned text, kept for the next scan of it.

A store's scans repeat: the same milk, the same bread, customer after customer. `parse_scan` is
a pure function of the text, the symbology and the local date (the GS1 century rule reads it),
and its answer (`Scan` or `ScanRejected`) is a frozen value, so the checkout keeps answers by
those three and asks retail only for a text it has not seen that day (~5 us a scan, on the
event loop). At most `KEPT` answers are held; past that the kept ones are dropped at once (a
simple bound: the next scans of the usual products refill it).
"""

from __future__ import annotations

from datetime import date

from retail import Scan, ScanRejected, Symbology, parse_scan

KEPT = 512


class ParsedScans:
    """`parse_scan` with its answers kept by text, symbology and date; see the module."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, Symbology | None, date], Scan | ScanRejected] = {}

    def parse(self, text: str, symbology: Symbology | None, today: date) -> Scan | ScanRejected:
        key = (text, symbology, today)
        parsed = self._kept.get(key)
        if parsed is None:
            if len(self._kept) >= KEPT:
                self._kept.clear()
            parsed = self._kept[key] = parse_scan(text, symbology, today=today)
        return parsed
