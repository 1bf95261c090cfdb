"""Printing receipts: the `ReceiptPrinter` port and its ESC/POS adapter (python-escpos).

Contract: `print_receipt(doc)` prints the whole receipt and cuts the paper, or raises
`PrinterError`; it blocks (call it in a worker thread). The caller decides original or copy:
the kiosk's electronic receipt is the original, so everything printed afterwards is a KOPIA.
"""

from __future__ import annotations

from typing import Protocol

from store_controller.receipts.document import ReceiptDocument
from store_controller.receipts.text import render_text


class PrinterError(Exception):
    """The printer could not be reached or refused the job."""


class ReceiptPrinter(Protocol):
    def print_receipt(self, doc: ReceiptDocument) -> None: ...


class EscposReceiptPrinter:
    """An ESC/POS printer behind a device file (/dev/usb/lp0, a serial port, a pty in tests)."""

    def __init__(self, device: str, *, width: int = 42) -> None:
        self._device = device
        self._width = width

    def print_receipt(self, doc: ReceiptDocument) -> None:
        from escpos.printer import File

        try:
            printer = File(devfile=self._device)
            printer.open()
        except Exception as exc:  # python-escpos raises bare OSError subclasses and its own
            raise PrinterError(f"the receipt printer {self._device} cannot be opened") from exc
        try:
            printer.set(align="left", font="a")
            printer.text(render_text(doc, width=self._width))
            printer.ln(3)
            printer.cut()
        except Exception as exc:
            raise PrinterError("the receipt printer refused the job") from exc
        finally:
            printer.close()
