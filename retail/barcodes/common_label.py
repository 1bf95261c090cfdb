"""The usual GS1 label cut with one regular expression: the fast path of the element string parser.

Most labels a store scans carry their AIs once each, in the order the GS1 General Specifications
recommend (predefined-length AIs first): the GTIN (01), dates (11, 13, 15, 16, 17 in that order),
the net weight in kg (310n), then the variable-length ones, each ended by GS or the end: a price
(392n), the batch (10), the serial (21). One `re.fullmatch` cuts such a label into its values,
already checked for length and characters (ASCII digits, CSET 82), and they are decoded as the
AI readers decode them (`ai_readers`): no per-AI lookup or call, which the profile of a label scan
(bench/retail_bench.py) showed costing more than the decoding.

Whatever the expression does not take whole (another AI, another order, a leading or repeated GS,
a value too long), or takes but the readers would refuse (a wrong check digit, no such date, a
price in part-öre), is left to the generic parser, which reads or refuses it exactly as it always
has: the fast path never changes a result or a message. Each AI's literal prefix decides its AI
as the generic parser's lookup does, so a match cuts the label where the generic parser would.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from retail.barcodes.ai import AI_TABLE
from retail.barcodes.ai_readers import GS, gs1_date, to_ore
from retail.barcodes.reasons import InvalidBarcodeError
from retail.rounding import div_round_half_up

_DIGITS = "[0-9]"  # not \d, which takes every Unicode digit
_END = f"(?:{GS}|\\Z)"
_TEXT = '([!"%-?A-Z_a-z]{1,20})' + _END
"""A batch or serial: CSET 82 (`ai_readers.CSET82`) as ranges, ended by GS or the end."""
_DATE = f"(?:(1[13567])({_DIGITS}{{6}}))?"
_COMMON_LABEL = re.compile(
    f"01({_DIGITS}{{14}}){_DATE}{_DATE}(?:310([0-5])({_DIGITS}{{6}}))?"
    f"(?:392({_DIGITS})({_DIGITS}{{1,15}}){_END})?(?:10{_TEXT})?(?:21{_TEXT})?"
)
"""GTIN, up to two dates, kg weight, price, batch, serial: each optional but the GTIN, in order."""

_GTIN_ZEROS = 48 * (14 + 2 * 7)
"""The ASCII zeros in sum(all 14 digits) + 2 * sum(the 7 tripled ones)."""
_DATE_FIELDS = {"11": "production_date", "13": "packaging_date", "15": "best_before"}
_DATE_FIELDS |= {"16": "sell_by", "17": "expiry"}
_GRAMS_PER_UNIT = {"0": 1000, "1": 100, "2": 10, "3": 1}
"""Grams per unit of 310n where that is whole (n <= 3); 3104 and 3105 round half-up."""
_PRICE_SPECS = {str(n): AI_TABLE[f"392{n}"] for n in range(10)}


def read_common_label(data: str, fields: dict[str, Any], today: date) -> bool:
    """Read raw `data` into the empty `fields` of an `ElementString` if it is a usual label.

    False (with `fields` left empty) when the generic parser must read it: see the module.
    """
    match = _COMMON_LABEL.fullmatch(data)
    if match is None:
        return False
    gtin, date_ai, yymmdd, other_ai, other, decimals, weight, unit, price, batch, serial = (
        match.groups()
    )
    raw = gtin.encode()
    if (sum(raw) + 2 * sum(raw[-2::-2]) - _GTIN_ZEROS) % 10 or (other_ai and other_ai == date_ai):
        return False  # the generic parser says which check digit, or which AI repeats
    fields["gtin"] = gtin
    try:
        if date_ai is not None:
            fields[_DATE_FIELDS[date_ai]] = gs1_date(yymmdd, today.year)
            if other_ai is not None:
                fields[_DATE_FIELDS[other_ai]] = gs1_date(other, today.year)
        if price is not None:
            fields["price"] = to_ore(_PRICE_SPECS[unit], price)
    except InvalidBarcodeError:  # the generic parser refuses it, in scan order
        fields.clear()
        return False
    if weight is not None:
        per_unit = _GRAMS_PER_UNIT.get(decimals)
        if per_unit is None:
            fields["net_weight_g"] = div_round_half_up(int(weight) * 1000, 10 ** int(decimals))
        else:
            fields["net_weight_g"] = int(weight) * per_unit
    if batch is not None:
        fields["batch"] = batch
    if serial is not None:
        fields["serial"] = serial
    fields["source"] = data
    return True
