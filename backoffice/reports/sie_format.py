"""Writing SIE type 4I (vouchers for import into a bookkeeping program), pure.

Per the SIE 4B specification (shared/reference/accounting.md §1): CP437 bytes declared
`#FORMAT PC8`, one record per line, fields separated by a space, texts in double quotes with `\\"`
inside, no control characters, amounts with a point and two decimals (debit positive, credit
negative), dates YYYYMMDD, each voucher's `#TRANS` rows between `{` and `}` alone on their lines.
Optionally a `#KSUMMA` checksum (CRC-32 of the records' fields, §1.6).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from encodings import cp437

from backoffice.reports.scope import ReportError

ENCODING = "cp437"
_REPLACEMENTS = {"€": "EUR", "–": "-", "—": "-", "’": "'", "‘": "'", "”": '"', "“": '"', "§": "S"}
_TO_CLEAN = re.compile("[\x00-\x1f\x7f" + "".join(map(re.escape, _REPLACEMENTS)) + "]")
"""A character `clean_text` changes even where CP437 has it."""
_CP437 = codecs.charmap_build(cp437.decoding_table)
"""CP437 as a table the encoder looks up in C (~5x faster than the codec's own dict)."""


@dataclass(frozen=True, slots=True)
class TransRow:
    account: int
    amount_ore: int
    text: str = ""
    objects: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Voucher:
    day: date
    text: str
    rows: tuple[TransRow, ...]
    series: str = ""
    number: int | None = None
    registered: date | None = None

    @property
    def balance_ore(self) -> int:
        return sum(row.amount_ore for row in self.rows)


@dataclass(frozen=True, slots=True)
class SieFile:
    program: str
    version: str
    generated: date
    company_name: str
    org_number: str
    accounts: dict[int, str]
    vouchers: tuple[Voucher, ...]
    dimensions: dict[int, str] = field(default_factory=dict)
    objects: tuple[tuple[int, str, str], ...] = ()
    checksum: bool = False


def clean_text(text: str) -> str:
    """`text` made encodable in CP437: typographic marks transliterated, accents the code page
    lacks dropped, control characters removed, a trailing backslash (it would escape the quote)
    replaced."""
    if not _TO_CLEAN.search(text) and not text.endswith("\\") and _encodable(text):
        return text  # most texts (numbers, accounts' and stores' names): nothing to change
    out = []
    for original in text:
        char = _REPLACEMENTS.get(original, original)
        if len(char) == 1 and (ord(char) < 32 or ord(char) == 127):
            continue
        try:
            char.encode(ENCODING)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode(ENCODING, "ignore").decode(ENCODING)
            char = base or "?"
        out.append(char)
    result = "".join(out)
    return result[:-1] + "/" if result.endswith("\\") else result


def _encodable(text: str) -> bool:
    try:
        codecs.charmap_encode(text, "strict", _CP437)
    except UnicodeEncodeError:
        return False
    return True


def _encode(text: str) -> bytes:
    """`text.encode(ENCODING)`, faster; its own error where a character is not in CP437."""
    try:
        return codecs.charmap_encode(text, "strict", _CP437)[0]
    except UnicodeEncodeError:
        return text.encode(ENCODING)


def quote(text: str) -> str:
    return '"' + clean_text(text).replace('"', '\\"') + '"'


def amount(ore: int) -> str:
    """öre as SIE writes amounts: `-1234.50`."""
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole}.{frac:02d}"


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


class _Quoted(dict[str, str]):
    """`quote` of each text, worked out once per file: most texts (the store on every row, the
    payment methods' names) come again on every voucher."""

    def __missing__(self, text: str) -> str:
        quoted = self[text] = quote(text)
        return quoted


class _Days(dict[date, str]):
    """`_day` of each date, worked out once per file (each voucher's registration day is the
    same, and each day has a voucher per store)."""

    def __missing__(self, day: date) -> str:
        written = self[day] = _day(day)
        return written


def _records(sie: SieFile) -> Iterator[list[str]]:
    """Each record as its fields (the label first), already quoted where needed."""
    quoted = _Quoted()
    yield ["#PROGRAM", quoted[sie.program], quoted[sie.version]]
    yield ["#FORMAT", "PC8"]
    yield ["#GEN", _day(sie.generated)]
    yield ["#SIETYP", "4"]
    if sie.org_number:
        yield ["#ORGNR", sie.org_number]
    yield ["#FNAMN", quoted[sie.company_name]]
    yield ["#KPTYP", "EUBAS97"]
    yield ["#VALUTA", "SEK"]
    for number, name in sorted(sie.dimensions.items()):
        yield ["#DIM", str(number), quoted[name]]
    for dimension, key, name in sie.objects:
        yield ["#OBJEKT", str(dimension), quoted[key], quoted[name]]
    for account, name in sorted(sie.accounts.items()):
        yield ["#KONTO", str(account), quoted[name]]
    days = _Days()
    objects_of: dict[tuple[tuple[int, str], ...], str] = {}
    for voucher in sie.vouchers:
        if voucher.balance_ore != 0:
            raise ReportError(f"voucher of {voucher.day} is off balance by {voucher.balance_ore}")
        ver_number = "" if voucher.number is None else str(voucher.number)
        registered = [days[voucher.registered]] if voucher.registered else []
        yield [
            "#VER",
            quoted[voucher.series],
            quoted[ver_number],
            days[voucher.day],
            quote(voucher.text),
            *registered,
        ]
        yield ["{"]
        for row in voucher.rows:
            objects = objects_of.get(row.objects)
            if objects is None:
                inner = " ".join(f"{d} {quoted[o]}" for d, o in row.objects)
                objects = objects_of[row.objects] = "{" + inner + "}"
            texts = [quoted[""], quoted[row.text]] if row.text else []
            yield ["#TRANS", str(row.account), objects, amount(row.amount_ore), *texts]
        yield ["}"]


class _FieldParts(dict[str, str]):
    """Each field's text for #KSUMMA (§1.6): without quotes or braces; worked out once per file
    for a field that comes again (the store on every row)."""

    def __missing__(self, value: str) -> str:
        if value.startswith("{") and value.endswith("}"):
            part = "".join(_unquote_all(value[1:-1]))
        elif value.startswith('"'):
            part = value[1:-1].replace('\\"', '"')
        else:
            part = value
        self[value] = part
        return part


def _checksum(records: list[list[str]]) -> int:
    """#KSUMMA: CRC-32 of the records' fields without separators, quotes or braces, the lone
    braces around a voucher's rows left out (§1.6)."""
    parts = _FieldParts()
    text = "".join(
        parts[value] for fields in records if fields not in (["{"], ["}"]) for value in fields
    )
    return zlib.crc32(_encode(text))


def _unquote_all(text: str) -> Iterable[str]:
    for token in text.split(" "):
        if token:
            yield token.strip('"')


def write_sie(sie: SieFile) -> bytes:
    """The whole file as CP437 bytes with CR LF line ends, #FLAGGA 0 first."""
    lines = ["#FLAGGA 0"]
    records = list(_records(sie))
    if sie.checksum:
        lines.append("#KSUMMA")
    lines.extend(" ".join(fields) for fields in records)
    if sie.checksum:
        lines.append(f"#KSUMMA {_checksum(records)}")
    return _encode("\r\n".join(lines) + "\r\n")
