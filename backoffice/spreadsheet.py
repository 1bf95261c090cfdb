"""Text a spreadsheet opens as text: a cell of a CSV we write is never a formula.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel
and LibreOffice (CSV injection, e.g. `=HYPERLINK(...)` in a product name or an audit target).
Such a cell gets a leading apostrophe, the spreadsheets' own mark for "this is text"; a plain
number (`-12,50`, `+46 70 123 45 67`) stays as it is, so amounts still add up."""

from __future__ import annotations

import re
from collections.abc import Iterable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d[\d ,.]*$")


def cell(value: object) -> object:
    """`value` as a CSV cell: text that would start a formula is marked as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def row(values: Iterable[object]) -> list[object]:
    """Every cell of a row through `cell`."""
    return [cell(value) for value in values]
