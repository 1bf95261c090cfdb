"""Symbologies, as a scanner reports them or as an AIM identifier ("]E0", "]C1", ...) prefixes."""

from __future__ import annotations

import enum


class Symbology(enum.StrEnum):
    """The barcode type a scan came from, when known."""

    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"
    UPCE = "upce"
    GS1_128 = "gs1_128"
    GS1_DATAMATRIX = "gs1_datamatrix"
    GS1_QR = "gs1_qr"
    GS1_DATABAR = "gs1_databar"
    CODE128 = "code128"
    DATAMATRIX = "datamatrix"
    QR = "qr"
    OTHER = "other"


GS1_SYMBOLOGIES = frozenset(
    {Symbology.GS1_128, Symbology.GS1_DATAMATRIX, Symbology.GS1_QR, Symbology.GS1_DATABAR}
)
"""Symbologies whose data is a GS1 element string."""

PLAIN_SYMBOLOGIES = frozenset(
    {Symbology.CODE128, Symbology.DATAMATRIX, Symbology.QR, Symbology.OTHER}
)
"""Symbologies carrying free text: accepted only if the text is itself a GTIN."""

AIM_IDENTIFIERS: dict[str, Symbology] = {
    "]E0": Symbology.EAN13,
    "]E3": Symbology.EAN13,
    "]E4": Symbology.EAN8,
    "]C1": Symbology.GS1_128,
    "]C0": Symbology.CODE128,
    "]d2": Symbology.GS1_DATAMATRIX,
    "]d1": Symbology.DATAMATRIX,
    "]Q3": Symbology.GS1_QR,
    "]Q1": Symbology.QR,
    "]e0": Symbology.GS1_DATABAR,
}


def split_aim(text: str) -> tuple[Symbology | None, str]:
    """Strip an AIM symbology identifier: `("]C1" + data)` -> `(GS1_128, data)`.

    Identifiers not in the table become `OTHER`; text without one is returned unchanged.
    """
    known = AIM_IDENTIFIERS.get(text[:3])
    if known is not None:
        return known, text[3:]
    if len(text) >= 3 and text[0] == "]" and text[1].isascii() and text[1].isalpha():
        return Symbology.OTHER, text[3:]
    return None, text
