"""The drivers' symbology names as retail's (the two packages name them independently)."""

from __future__ import annotations

from retail import Symbology

_BY_NAME: dict[str, Symbology] = {
    "EAN13": Symbology.EAN13,
    "EAN8": Symbology.EAN8,
    "UPCA": Symbology.UPCA,
    "UPCE": Symbology.UPCE,
    "CODE128": Symbology.CODE128,
    "GS1_128": Symbology.GS1_128,
    "DATABAR": Symbology.GS1_DATABAR,
    "DATAMATRIX": Symbology.DATAMATRIX,
    "GS1_DATAMATRIX": Symbology.GS1_DATAMATRIX,
    "QR": Symbology.QR,
    "GS1_QR": Symbology.GS1_QR,
    "CODE39": Symbology.OTHER,
    "ITF": Symbology.OTHER,
}


def retail_symbology(value: object) -> Symbology | None:
    """retail's symbology for a drivers' one (or a retail one, or None); UNKNOWN gives None."""
    if value is None or isinstance(value, Symbology):
        return value
    return _BY_NAME.get(str(value).upper())
