"""GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, DataBar) parsed into typed fields.

Input is the data after any symbology identifier: AIs and values, variable-length values ended by
the GS character (\\x1d, the scanner's rendering of FNC1) or the end. A leading or repeated GS is
tolerated. The human-readable form "(01)0950...(17)260101" is accepted as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from retail.barcodes.ai import AiKind, AiSpec, lookup_ai
from retail.barcodes.checkdigit import has_valid_check_digit, is_ascii_digits
from retail.barcodes.dates import parse_gs1_date
from retail.barcodes.reasons import InvalidBarcodeError, RejectReason
from retail.money import Money
from retail.rounding import div_round_half_up

GS = "\x1d"
"""Group separator: how scanners transmit FNC1 inside the data."""

# GS1 AI encodable character set 82 (ISO/IEC 646 subset), used by batch and serial.
_CSET82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
_HRI = re.compile(r"\((\d{2,4})\)([^()]*)")
_MICROGRAMS_PER_LB = 453_592_370


@dataclass(frozen=True, slots=True)
class ElementString:
    """The typed content of a GS1 element string; absent AIs are None."""

    sscc: str | None = None
    gtin: str | None = None
    content_gtin: str | None = None
    batch: str | None = None
    serial: str | None = None
    production_date: date | None = None
    packaging_date: date | None = None
    best_before: date | None = None
    sell_by: date | None = None
    expiry: date | None = None
    variable_count: int | None = None
    count: int | None = None
    net_weight_g: int | None = None
    """From 310n (kg) or 320n (lb), rounded half-up to whole grams."""
    amount: Money | None = None
    """Amount payable (390n/391n), exact in öre."""
    amount_currency: str | None = None
    """ISO 4217 numeric code from 391n ("752" is SEK); None means the local currency."""
    price: Money | None = None
    """Price of a variable-measure item (392n/393n), exact in öre."""
    price_currency: str | None = None
    elements: tuple[tuple[str, str], ...] = field(default=())
    """Every (AI, raw value) pair in scan order."""


def parse_element_string(data: str, *, today: date) -> ElementString:
    """Parse an element string; `today` anchors the GS1 century rule. Raises on bad input."""
    if data.startswith("("):
        data = _from_hri(data)
    fields: dict[str, Any] = {}
    elements: list[tuple[str, str]] = []
    position = 0
    while position < len(data):
        if data[position] == GS:
            position += 1
            continue
        spec = lookup_ai(data, position)
        if spec is None:
            raise InvalidBarcodeError(
                RejectReason.UNKNOWN_AI, f"unknown AI at position {position + 1}"
            )
        if spec.field in fields:
            raise InvalidBarcodeError(RejectReason.DUPLICATE_AI, f"AI {spec.ai} repeats a field")
        value, position = _take_value(data, position + len(spec.ai), spec)
        fields.update(_decode_field(spec, value, today))
        elements.append((spec.ai, value))
    if not elements:
        raise InvalidBarcodeError(RejectReason.EMPTY, "no element string data")
    return ElementString(**fields, elements=tuple(elements))


def _from_hri(text: str) -> str:
    """'(01)123(10)AB' -> '01123' GS '10AB': each value ended by GS so lengths need no guessing."""
    pairs = _HRI.findall(text)
    if "".join(f"({ai}){value}" for ai, value in pairs) != text:
        raise InvalidBarcodeError(RejectReason.BAD_CHARACTER, "malformed (AI)value text")
    return "".join(ai + value + GS for ai, value in pairs)


def _take_value(data: str, start: int, spec: AiSpec) -> tuple[str, int]:
    end = data.find(GS, start)
    end = len(data) if end == -1 else end
    if spec.fixed:
        if end - start < spec.length:
            raise InvalidBarcodeError(
                RejectReason.TRUNCATED, f"AI {spec.ai} needs {spec.length} digits"
            )
        return data[start : start + spec.length], start + spec.length
    if end == start:
        raise InvalidBarcodeError(RejectReason.EMPTY_VALUE, f"AI {spec.ai} has no value")
    if end - start > spec.length:
        raise InvalidBarcodeError(
            RejectReason.VALUE_TOO_LONG, f"AI {spec.ai} value over {spec.length}"
        )
    return data[start:end], end


def _decode_field(spec: AiSpec, value: str, today: date) -> dict[str, Any]:
    if spec.kind is AiKind.TEXT:
        if not _CSET82.issuperset(value):
            raise InvalidBarcodeError(
                RejectReason.BAD_CHARACTER, f"AI {spec.ai} has a bad character"
            )
    elif not is_ascii_digits(value):
        raise InvalidBarcodeError(RejectReason.NOT_DIGITS, f"AI {spec.ai} takes digits only")
    changes: dict[str, Any] = {spec.field: _decode(spec, value, today)}
    if spec.kind in (AiKind.AMOUNT_ISO, AiKind.PRICE_ISO):
        changes[f"{spec.field}_currency"] = value[:3]
    return changes


def _decode(spec: AiSpec, value: str, today: date) -> object:
    kind = spec.kind
    if kind in (AiKind.GTIN, AiKind.SSCC):
        if not has_valid_check_digit(value):
            raise InvalidBarcodeError(
                RejectReason.BAD_CHECK_DIGIT, f"AI {spec.ai} check digit wrong"
            )
        return value
    if kind is AiKind.DATE:
        return parse_gs1_date(value, today)
    if kind is AiKind.COUNT:
        return int(value)
    if kind is AiKind.WEIGHT_KG:
        return div_round_half_up(int(value) * 1000, 10**spec.decimals)
    if kind is AiKind.WEIGHT_LB:
        return div_round_half_up(int(value) * _MICROGRAMS_PER_LB, 10 ** (spec.decimals + 6))
    if kind in (AiKind.AMOUNT_ISO, AiKind.PRICE_ISO):
        if len(value) < 4:
            raise InvalidBarcodeError(
                RejectReason.TRUNCATED, f"AI {spec.ai} needs currency and amount"
            )
        value = value[3:]
    return _to_ore(spec, value) if kind is not AiKind.TEXT else value


def _to_ore(spec: AiSpec, digits: str) -> Money:
    if spec.decimals <= 2:
        return Money(int(digits) * 10 ** (2 - spec.decimals))
    whole, rest = divmod(int(digits), 10 ** (spec.decimals - 2))
    if rest:
        raise InvalidBarcodeError(
            RejectReason.BAD_VALUE, f"AI {spec.ai} amount is not in whole öre"
        )
    return Money(whole)
