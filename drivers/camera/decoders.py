"""Barcode decoders for grey images: pyzbar (zbar, the default) and zxing-cpp (faster, optional).

Both are restricted to the symbologies in use: fewer symbologies, fewer false reads, faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from drivers.errors import DeviceUnavailableError
from drivers.symbology import Symbology, split_aim_prefix

DecoderName = Literal["pyzbar", "zxing"]


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    symbology: Symbology


class Decoder(Protocol):
    """Decodes every barcode of the configured symbologies in a 2-D uint8 (grey) array."""

    def decode(self, grey: Any) -> list[Decoded]: ...


_ZBAR_NAMES: dict[Symbology, tuple[str, ...]] = {
    Symbology.EAN13: ("EAN13", "UPCA"),  # zbar needs both to tell UPC-A apart
    Symbology.UPCA: ("EAN13", "UPCA"),
    Symbology.EAN8: ("EAN8",),
    Symbology.UPCE: ("UPCE",),
    Symbology.CODE128: ("CODE128",),
    Symbology.GS1_128: ("CODE128",),
    Symbology.CODE39: ("CODE39",),
    Symbology.ITF: ("I25",),
    Symbology.DATABAR: ("DATABAR", "DATABAR_EXP"),
    Symbology.QR: ("QRCODE",),
    Symbology.GS1_QR: ("QRCODE",),
}
_FROM_ZBAR: dict[str, Symbology] = {
    "EAN13": Symbology.EAN13,
    "UPCA": Symbology.UPCA,
    "EAN8": Symbology.EAN8,
    "UPCE": Symbology.UPCE,
    "CODE128": Symbology.CODE128,
    "CODE39": Symbology.CODE39,
    "I25": Symbology.ITF,
    "DATABAR": Symbology.DATABAR,
    "DATABAR_EXP": Symbology.DATABAR,
    "QRCODE": Symbology.QR,
}


class PyzbarDecoder:
    """zbar through pyzbar; needs the system library libzbar0. No DataMatrix support."""

    def __init__(self, symbologies: Sequence[Symbology]) -> None:
        try:
            from pyzbar import pyzbar
        except ImportError as exc:  # pyzbar raises ImportError when libzbar is missing
            raise DeviceUnavailableError(f"pyzbar/libzbar0 unavailable: {exc}") from exc
        self._pyzbar = pyzbar
        names = {name for s in symbologies for name in _ZBAR_NAMES.get(s, ())}
        if not names:
            raise ValueError(f"zbar reads none of {list(symbologies)}")
        self._symbols = [pyzbar.ZBarSymbol[name] for name in sorted(names)]

    def decode(self, grey: Any) -> list[Decoded]:
        found = self._pyzbar.decode(grey, symbols=self._symbols)
        return [
            Decoded(
                r.data.decode("utf-8", errors="replace"), _FROM_ZBAR.get(r.type, Symbology.UNKNOWN)
            )
            for r in found
        ]


_ZXING_NAMES: dict[Symbology, str] = {
    Symbology.EAN13: "EAN13",
    Symbology.UPCA: "UPCA",
    Symbology.EAN8: "EAN8",
    Symbology.UPCE: "UPCE",
    Symbology.CODE128: "Code128",
    Symbology.GS1_128: "Code128",
    Symbology.CODE39: "Code39",
    Symbology.ITF: "ITF",
    Symbology.DATABAR: "DataBar",
    Symbology.DATAMATRIX: "DataMatrix",
    Symbology.GS1_DATAMATRIX: "DataMatrix",
    Symbology.QR: "QRCode",
    Symbology.GS1_QR: "QRCode",
}


class ZxingDecoder:
    """zxing-cpp: self-contained wheels, rotation-tolerant, reads DataMatrix too.

    The symbology comes from the AIM identifier zxing reports, so GS1 variants are told apart;
    GS1 data keeps its GS separators (plain text mode).
    """

    def __init__(self, symbologies: Sequence[Symbology]) -> None:
        import zxingcpp

        self._zxing = zxingcpp
        names = sorted({_ZXING_NAMES[s] for s in symbologies if s in _ZXING_NAMES})
        if not names:
            raise ValueError(f"zxing-cpp reads none of {list(symbologies)}")
        self._formats = zxingcpp.BarcodeFormats(
            [getattr(zxingcpp.BarcodeFormat, name) for name in names]
        )

    def decode(self, grey: Any) -> list[Decoded]:
        found = self._zxing.read_barcodes(
            grey, formats=self._formats, text_mode=self._zxing.TextMode.Plain
        )
        return [Decoded(r.text, self._symbology(r)) for r in found if r.valid]

    @staticmethod
    def _symbology(result: Any) -> Symbology:
        symbology, _ = split_aim_prefix(f"{result.symbology_identifier}x")
        if symbology is Symbology.EAN13 and len(result.text) == 8:
            return Symbology.EAN8
        return symbology


def make_decoder(name: DecoderName, symbologies: Sequence[Symbology]) -> Decoder:
    if name == "zxing":
        return ZxingDecoder(symbologies)
    return PyzbarDecoder(symbologies)
