"""Barcode symbologies, named once for every scanner kind, and their AIM identifiers."""

from __future__ import annotations

from enum import StrEnum


class Symbology(StrEnum):
    EAN13 = "EAN13"
    EAN8 = "EAN8"
    UPCA = "UPCA"
    UPCE = "UPCE"
    CODE128 = "CODE128"
    GS1_128 = "GS1_128"
    CODE39 = "CODE39"
    ITF = "ITF"
    DATABAR = "DATABAR"
    DATAMATRIX = "DATAMATRIX"
    GS1_DATAMATRIX = "GS1_DATAMATRIX"
    QR = "QR"
    GS1_QR = "GS1_QR"
    UNKNOWN = "UNKNOWN"


# AIM symbology identifiers ("]" + code character + modifier), ISO/IEC 15424.
_AIM_EXACT: dict[str, Symbology] = {
    "E0": Symbology.EAN13,
    "E4": Symbology.EAN8,
    "C1": Symbology.GS1_128,
    "d2": Symbology.GS1_DATAMATRIX,
    "Q3": Symbology.GS1_QR,
}
_AIM_BY_CODE: dict[str, Symbology] = {
    "E": Symbology.EAN13,
    "C": Symbology.CODE128,
    "A": Symbology.CODE39,
    "I": Symbology.ITF,
    "e": Symbology.DATABAR,
    "d": Symbology.DATAMATRIX,
    "Q": Symbology.QR,
}

AIM_PREFIX_LENGTH = 3


def split_aim_prefix(text: str) -> tuple[Symbology, str]:
    """Split `"]E04006381333931"` into `(EAN13, "4006381333931")`; no prefix gives UNKNOWN."""
    if len(text) < AIM_PREFIX_LENGTH or text[0] != "]":
        return Symbology.UNKNOWN, text
    ident = text[1:AIM_PREFIX_LENGTH]
    symbology = _AIM_EXACT.get(ident) or _AIM_BY_CODE.get(ident[0], Symbology.UNKNOWN)
    return symbology, text[AIM_PREFIX_LENGTH:]
