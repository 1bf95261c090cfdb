"""One reader per Application Identifier, made once from its entry in the AI table.

A reader takes the raw element string, the position of its AI, the fields read so far and the
day that anchors the GS1 century rule; it checks and decodes its value into the fields and
returns the position after it (after the GS that ends a variable-length value). Each kind of AI
has its own factory, so the parser's loop does one lookup and one call per AI: the profile of a
GS1-128 label scan (bench/retail_bench.py) showed the generic take-then-decode steps costing more
than the decoding itself.

Refusals, in the order a reader checks: a fixed-length value cut short (TRUNCATED, also when a GS
comes inside it), a variable one empty (EMPTY_VALUE) or too long (VALUE_TOO_LONG), then the
characters (NOT_DIGITS, BAD_CHARACTER) and the value itself (BAD_CHECK_DIGIT, BAD_DATE,
BAD_VALUE).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from retail.barcodes.ai import AI_TABLE, AiKind, AiSpec
from retail.barcodes.dates import century_years, parse_gs1_date
from retail.barcodes.reasons import InvalidBarcodeError, RejectReason
from retail.money import Money
from retail.rounding import div_round_half_up

GS = "\x1d"
"""Group separator: how scanners transmit FNC1 inside the data."""

Reader = Callable[[str, int, dict[str, Any], date], int]

CSET82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
"""GS1 AI encodable character set 82 (an ISO/IEC 646 subset): what batch and serial may hold."""

AMOUNT_CURRENCY, PRICE_CURRENCY = "amount_currency", "price_currency"
"""The fields 391n and 393n fill besides their AI's own."""

_MICROGRAMS_PER_LB = 453_592_370


def truncated(ai: str, length: int) -> InvalidBarcodeError:
    return InvalidBarcodeError(RejectReason.TRUNCATED, f"AI {ai} needs {length} digits")


def bad_variable_length(ai: str, length: int, value: str) -> InvalidBarcodeError:
    if not value:
        return InvalidBarcodeError(RejectReason.EMPTY_VALUE, f"AI {ai} has no value")
    return InvalidBarcodeError(RejectReason.VALUE_TOO_LONG, f"AI {ai} value over {length}")


def _not_digits(spec: AiSpec, value: str) -> InvalidBarcodeError:
    if spec.fixed and GS in value:  # a separator inside a fixed-length value: it was cut short
        return truncated(spec.ai, spec.length)
    return InvalidBarcodeError(RejectReason.NOT_DIGITS, f"AI {spec.ai} takes digits only")


def _fixed_value(spec: AiSpec, data: str, position: int) -> tuple[str, int]:
    """The slow path of a fixed-length reader's first step, for its refusals."""
    start = position + len(spec.ai)
    value = data[start : start + spec.length]
    if len(value) < spec.length:
        raise truncated(spec.ai, spec.length)
    return value, start + spec.length


def _check_digited(spec: AiSpec) -> Reader:
    """GTIN (14 digits) and SSCC (18): the mod-10 check digit, as `has_valid_check_digit`."""
    width, length, name = len(spec.ai), spec.length, spec.field
    offset = 48 * (length + 2 * (length // 2))  # the ASCII zeros in sum(all) + 2 * sum(tripled)

    def read(data: str, position: int, fields: dict[str, Any], today: date) -> int:
        start = position + width
        end = start + length
        value = data[start:end]
        raw = value.encode("ascii", "replace")  # a non-ASCII character becomes "?", no digit
        if len(raw) < length or (sum(raw) + 2 * sum(raw[-2::-2]) - offset) % 10:
            _fixed_value(spec, data, position)
            if not raw.isdigit():
                raise _not_digits(spec, value)
            raise InvalidBarcodeError(
                RejectReason.BAD_CHECK_DIGIT, f"AI {spec.ai} check digit wrong"
            )
        if not raw.isdigit():
            raise _not_digits(spec, value)
        fields[name] = value
        return end

    return read


@lru_cache(maxsize=1024)
def gs1_date(value: str, year: int) -> date:
    """The date of six digits YYMMDD seen from `year` (all the GS1 century rule needs).

    Memoized: a store's labels carry few distinct dates (a delivery's goods share theirs), and
    building a date costs more than finding it again. A refusal is not memoized.
    """
    yymm, day = divmod(int(value), 100)
    yy, month = divmod(yymm, 100)
    try:
        return date(century_years(year)[yy], month, day)
    except ValueError:  # day 00, or no such date: the careful reading says which
        return parse_gs1_date(value, date(year, 1, 1))


def _date(spec: AiSpec) -> Reader:
    """YYMMDD with the GS1 century rule; day 00 is the month's last day (`parse_gs1_date`)."""
    width, name = len(spec.ai), spec.field

    def read(data: str, position: int, fields: dict[str, Any], today: date) -> int:
        start = position + width
        end = start + 6
        value = data[start:end]
        if len(value) < 6 or not (value.isascii() and value.isdigit()):
            _fixed_value(spec, data, position)
            raise _not_digits(spec, value)
        fields[name] = gs1_date(value, today.year)
        return end

    return read


def _weight(spec: AiSpec) -> Reader:
    """310n (kg) and 320n (lb) with n implied decimals, to whole grams (half-up)."""
    width, name, scale = len(spec.ai), spec.field, 10**spec.decimals
    # grams = value * numerator / denominator; `exact` when that needs no rounding (kg, n <= 3)
    numerator, denominator = (1000, scale)
    if spec.kind is AiKind.WEIGHT_LB:
        numerator, denominator = (_MICROGRAMS_PER_LB, scale * 10**6)
    exact = 0 if numerator % denominator else numerator // denominator

    def read(data: str, position: int, fields: dict[str, Any], today: date) -> int:
        start = position + width
        end = start + 6
        value = data[start:end]
        if len(value) < 6 or not (value.isascii() and value.isdigit()):
            _fixed_value(spec, data, position)
            raise _not_digits(spec, value)
        if exact:
            fields[name] = int(value) * exact
        else:
            fields[name] = div_round_half_up(int(value) * numerator, denominator)
        return end

    return read


def _variable(spec: AiSpec, decode: Callable[[str], object]) -> Reader:
    """A variable-length value, ended by GS or the end of the data, decoded by `decode`."""
    width, length, name = len(spec.ai), spec.length, spec.field

    def read(data: str, position: int, fields: dict[str, Any], today: date) -> int:
        start = position + width
        end = data.find(GS, start)
        if end < 0:
            end = len(data)
        value = data[start:end]
        if not value or len(value) > length:
            raise bad_variable_length(spec.ai, length, value)
        fields[name] = decode(value)
        return end + 1

    return read


def _text(spec: AiSpec) -> Reader:
    """Batch and serial: up to 20 characters of CSET 82."""
    width, length, name, characters = len(spec.ai), spec.length, spec.field, CSET82

    def read(data: str, position: int, fields: dict[str, Any], today: date) -> int:
        start = position + width
        end = data.find(GS, start)
        if end < 0:
            end = len(data)
        value = data[start:end]
        if not value or len(value) > length:
            raise bad_variable_length(spec.ai, length, value)
        if not characters.issuperset(value):
            raise InvalidBarcodeError(
                RejectReason.BAD_CHARACTER, f"AI {spec.ai} has a bad character"
            )
        fields[name] = value
        return end + 1

    return read


def _digits(spec: AiSpec, value: str) -> str:
    if not (value.isascii() and value.isdigit()):
        raise _not_digits(spec, value)
    return value


def to_ore(spec: AiSpec, digits: str) -> Money:
    if spec.decimals <= 2:
        return Money(int(digits) * 10 ** (2 - spec.decimals))
    whole, rest = divmod(int(digits), 10 ** (spec.decimals - 2))
    if rest:
        raise InvalidBarcodeError(
            RejectReason.BAD_VALUE, f"AI {spec.ai} amount is not in whole öre"
        )
    return Money(whole)


def _amount_iso(spec: AiSpec) -> Reader:
    """391n and 393n: a three-digit ISO 4217 currency, then the amount with n decimals."""
    amount = _variable(spec, lambda value: _digits(spec, value))
    currency_field = AMOUNT_CURRENCY if spec.field == "amount" else PRICE_CURRENCY

    def read(data: str, position: int, fields: dict[str, Any], today: date) -> int:
        end = amount(data, position, fields, today)
        digits = fields[spec.field]
        if len(digits) < 4:
            raise InvalidBarcodeError(
                RejectReason.TRUNCATED, f"AI {spec.ai} needs currency and amount"
            )
        fields[spec.field], fields[currency_field] = to_ore(spec, digits[3:]), digits[:3]
        return end

    return read


def _count(spec: AiSpec) -> Reader:
    return _variable(spec, lambda value: int(_digits(spec, value)))


def _amount(spec: AiSpec) -> Reader:
    return _variable(spec, lambda value: to_ore(spec, _digits(spec, value)))


_FACTORIES: dict[AiKind, Callable[[AiSpec], Reader]] = {
    AiKind.GTIN: _check_digited,
    AiKind.SSCC: _check_digited,
    AiKind.DATE: _date,
    AiKind.WEIGHT_KG: _weight,
    AiKind.WEIGHT_LB: _weight,
    AiKind.TEXT: _text,
    AiKind.COUNT: _count,
    AiKind.AMOUNT: _amount,
    AiKind.PRICE: _amount,
    AiKind.AMOUNT_ISO: _amount_iso,
    AiKind.PRICE_ISO: _amount_iso,
}


READERS: dict[str, Reader] = {ai: _FACTORIES[spec.kind](spec) for ai, spec in AI_TABLE.items()}
"""The reader of every AI the kernel knows, by its digits."""
