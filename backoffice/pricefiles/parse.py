"""Read a price file: CSV (UTF-8 or Windows-1252, semicolons or commas, detected) or an .xlsx
sheet, into rows of text keyed by the supplier's column headings; amounts with a decimal comma."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import load_workbook

from backoffice.errors import BackofficeError

MAX_BYTES = 20 * 1024 * 1024
FIELDS = ("gtin", "price", "name", "brand", "category", "cost_price")
REQUIRED = ("gtin", "price")


class PriceFileError(BackofficeError):
    """The file as a whole cannot be read (its rows' own faults are reported per row)."""

    status_code = 422


@dataclass(frozen=True, slots=True)
class Table:
    encoding: str
    delimiter: str
    headings: list[str]
    rows: list[tuple[int, tuple[str, ...]]]
    """Every non-blank data row with its line in the file (the heading is line 1). Tuples of
    text: the collector need not follow them (10,000 lists of a price file cost it ~0.1 s)."""


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (with or without BOM) when it decodes, else
    Windows-1252, which Swedish spreadsheet programs write by default."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        raise PriceFileError(f"neither UTF-8 nor Windows-1252 at byte {exc.start}") from None


def read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        raise PriceFileError("no column separator (semicolon, comma or tab) in the heading row")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headings = [h.strip() for h in next(reader)]
        rows = [(reader.line_num, tuple(r)) for r in reader if "".join(r).strip()]
    except (StopIteration, csv.Error) as exc:
        raise PriceFileError(f"not a readable CSV file: {exc}") from None
    return Table(encoding, delimiter, headings, rows)


def read_xlsx(data: bytes) -> Table:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise PriceFileError(f"not a readable .xlsx file: {type(exc).__name__}") from None
    sheet = book.worksheets[0]
    lines = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    if not lines:
        raise PriceFileError("the sheet is empty")
    rows = [(n, tuple(r)) for n, r in enumerate(lines[1:], 2) if "".join(r).strip()]
    return Table("xlsx", "", [h.strip() for h in lines[0]], rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",") if value != int(value) else str(int(value))
    return str(value)


def read_table(filename: str, data: bytes) -> Table:
    if len(data) > MAX_BYTES:
        raise PriceFileError(f"a price file is at most {MAX_BYTES // 1024 // 1024} MB")
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        return read_xlsx(data)
    return read_csv(data)


def indexes(headings: list[str], mapping: dict[str, str]) -> dict[str, int]:
    """Field -> column index from the mapping (field -> heading), headings matched without
    regard to case; a mapped heading missing from the file is an error."""
    where = {h.casefold(): i for i, h in enumerate(headings)}
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        raise PriceFileError(f"the column mapping lacks {', '.join(missing)}")
    found: dict[str, int] = {}
    for field, heading in mapping.items():
        if heading.casefold() not in where:
            raise PriceFileError(f"no column {heading!r} (for {field}) in the file")
        found[field] = where[heading.casefold()]
    return found


_AMOUNT = re.compile(r"^(-?)(\d+)(?:[.,](\d{1,2}))?$")


def parse_ore(text: str) -> int:
    """'12,50', '12.5', '1 234,50', '1.234,50 kr' -> öre; ValueError with the reason."""
    whole, comma, cents = text.partition(",")
    if whole.isdecimal() and (not comma or (len(cents) == 2 and cents.isdecimal())):
        # the usual cell, "12,50" or "12": what the pattern below reads (`isdecimal` is `\d`),
        # without it (half the per-row work of a price file)
        return int(whole) * 100 + (int(cents) if comma else 0)
    value = text.strip().removesuffix("kr").replace("\u00a0", "").replace(" ", "").strip()
    if not value:
        raise ValueError("missing price")
    if "," in value and "." in value:
        thousands = "." if value.rfind(",") > value.rfind(".") else ","
        value = value.replace(thousands, "")
    match = _AMOUNT.match(value)
    if match is None:
        raise ValueError(f"not an amount: {text.strip()[:20]!r}")
    sign, whole, cents = match.groups()
    if sign:
        raise ValueError("negative price")
    return int(whole) * 100 + int((cents or "0").ljust(2, "0"))


def cells(table: Table, where: dict[str, int]) -> Iterator[tuple[int, dict[str, str]]]:
    """(file line, field -> text) for every data row."""
    for line, row in table.rows:
        yield line, {f: row[i].strip() if i < len(row) else "" for f, i in where.items()}
