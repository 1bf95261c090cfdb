"""GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, DataBar) parsed into typed fields.

Two written forms are read:
- raw, as a GS1 symbol carries it (after any symbology identifier): AIs and values, each
  variable-length value ended by the GS character (\\x1d, the scanner's rendering of FNC1) or the
  end. A leading or repeated GS is tolerated.
- human-readable, as printed under the bars: "(01)09501101530003(17)260101". Every AI is in
  parentheses and is one the kernel knows; every value is whole (a fixed-length value exactly its
  length, a variable one at most its maximum) and holds no parenthesis or GS. Anything else is
  refused as a whole, never half-parsed.

The parser is the hot path of a GS1 label scan (bench/retail_bench.py): one reader per AI made
once (`ai_readers`), the result built in one step, and the raw text kept instead of a tuple per
AI (`ElementString.elements` reads it again when asked).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from retail.barcodes.ai import AI_TABLE, AiSpec, lookup_ai
from retail.barcodes.ai_readers import (
    AMOUNT_CURRENCY,
    GS,
    PRICE_CURRENCY,
    READERS,
    bad_variable_length,
    truncated,
)
from retail.barcodes.common_label import read_common_label
from retail.barcodes.reasons import InvalidBarcodeError, RejectReason
from retail.money import Money

_HRI_PAIR = re.compile(r"\(([0-9]{2,4})\)([^()\x1d]*)")


@dataclass(frozen=True)
class ElementString:
    """The typed content of a GS1 element string; absent AIs are None.

    Not slotted: the parser builds it with `frozen.blank` (see there why).
    """

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
    source: str = field(default="", repr=False, compare=False)
    """The raw element string the fields were read from (with a GS after every value when it
    was written in the human-readable form)."""

    @property
    def elements(self) -> tuple[tuple[str, str], ...]:
        """Every (AI, raw value) pair in scan order, read again from `source` when asked for:
        the scan path does not pay for a tuple per AI."""
        return tuple((spec.ai, value) for spec, value in _tokens(self.source))


def parse_element_string(
    data: str, *, today: date, human_readable: bool | None = None
) -> ElementString:
    """Parse an element string; `today` anchors the GS1 century rule. Raises on bad input.

    `human_readable`: True reads only the "(01)..." form, False only the raw form, None (the
    default) the human-readable form when `data` starts with "(".
    """
    if human_readable or (human_readable is None and data.startswith("(")):
        data = _raw_from_hri(data)
    return parse_raw_element_string(data, today)


def parse_raw_element_string(data: str, today: date) -> ElementString:
    """The raw form only (what a GS1 symbol carries); see `parse_element_string`.

    A repeated AI is found once at the end (more fields read than fields kept), not per AI: a
    malformed value after it is refused first.
    """
    element_string = object.__new__(ElementString)  # `frozen.blank`, inlined: read straight
    fields = element_string.__dict__  # into the new value
    if not read_common_label(data, fields, today):  # most labels, in one regular expression
        read_element_string(data, fields, today)
    return element_string


def read_element_string(data: str, fields: dict[str, Any], today: date) -> None:
    """Read raw `data` into the empty `fields` of an `ElementString`, whatever its AIs and their
    order (the generic parser; `parse_raw_element_string` tries the usual label first)."""
    position, end, count = 0, len(data), 0
    reader_of = READERS.get
    while position < end:
        read = reader_of(data[position : position + 2]) or reader_of(data[position : position + 4])
        if read is None:
            if data[position] == GS:  # a leading or repeated separator: harmless
                position += 1
                continue
            raise _unknown_ai(position)
        position = read(data, position, fields, today)
        count += 1
    if not count:
        raise InvalidBarcodeError(RejectReason.EMPTY, "no element string data")
    currencies = (AMOUNT_CURRENCY in fields) + (PRICE_CURRENCY in fields)  # 391n, 393n add one
    if len(fields) != count + currencies:
        raise _duplicate(data)
    fields["source"] = data


def _tokens(data: str) -> Iterator[tuple[AiSpec, str]]:
    """The (AI, raw value) pairs of raw `data`, which the readers accepted, as they cut it."""
    position, end = 0, len(data)
    while position < end:
        spec = lookup_ai(data, position)
        if spec is None:  # a separator the readers skipped
            position += 1
            continue
        start = position + len(spec.ai)
        if spec.fixed:
            position = start + spec.length
            yield spec, data[start:position]
        else:
            position = data.find(GS, start)
            if position < 0:
                position = end
            yield spec, data[start:position]
            position += 1


def _unknown_ai(position: int) -> InvalidBarcodeError:
    return InvalidBarcodeError(RejectReason.UNKNOWN_AI, f"unknown AI at position {position + 1}")


def _duplicate(data: str) -> InvalidBarcodeError:
    specs = [spec for spec, _ in _tokens(data)]
    names = [spec.field for spec in specs]
    repeated = next(spec for index, spec in enumerate(specs) if spec.field in names[:index])
    return InvalidBarcodeError(RejectReason.DUPLICATE_AI, f"AI {repeated.ai} repeats a field")


def _raw_from_hri(text: str) -> str:
    """'(01)123...(10)AB' -> '01123...' GS '10AB' GS, after checking every pair whole.

    Each value is ended by GS, so the raw parser needs no length guessing and reads exactly
    the pairs checked here.
    """
    pairs = _HRI_PAIR.findall(text)
    if "".join(f"({ai}){value}" for ai, value in pairs) != text:
        raise InvalidBarcodeError(
            RejectReason.BAD_CHARACTER, "malformed (AI)value text: text outside (AI)value pairs"
        )
    for ai, value in pairs:
        spec = AI_TABLE.get(ai)
        if spec is None:
            raise InvalidBarcodeError(RejectReason.UNKNOWN_AI, f"unknown AI ({ai})")
        if not spec.fixed:
            if not value or len(value) > spec.length:
                raise bad_variable_length(ai, spec.length, value)
        elif len(value) < spec.length:
            raise truncated(ai, spec.length)
        elif len(value) > spec.length:
            raise InvalidBarcodeError(
                RejectReason.VALUE_TOO_LONG,
                f"AI {ai} takes exactly {spec.length} characters in (AI)value text",
            )
    return "".join(ai + value + GS for ai, value in pairs)
