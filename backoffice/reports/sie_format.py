"""Writing SIE type 4I (vouchers for import into a bookkeeping program), pure.

Per the SIE 4B specification (shared/reference/accounting.md §1): CP437 bytes declared
`#FORMAT PC8`, one record per line, fields separated by a space, texts in double quotes with `\\"`
inside, no control characters, amounts with a point and two decimals (debit positive, credit
negative), dates YYYYMMDD, each voucher's `#TRANS` rows between `{` and `}` alone on their lines.
Optionally a `#KSUMMA` checksum (CRC-32 of the records' fields, §1.6).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from backoffice.reports.scope import ReportError

ENCODING = "cp437"
_REPLACEMENTS = {"€": "EUR", "–": "-", "—": "-", "’": "'", "‘": "'", "”": '"', "“": '"', "§": "S"}
_TO_CLEAN = re.compile("[\x00-\x1f\x7f" + "".join(map(re.escape, _REPLACEMENTS)) + "]")
"""A character `clean_text` changes even where CP437 has it."""


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
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def quote(text: str) -> str:
    return '"' + clean_text(text).replace('"', '\\"') + '"'


def amount(ore: int) -> str:
    """öre as SIE writes amounts: `-1234.50`."""
    sign = "-" if ore < 0 else ""
    whole, frac = divmod(abs(ore), 100)
    return f"{sign}{whole}.{frac:02d}"


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


def _records(sie: SieFile) -> Iterator[list[str]]:
    """Each record as its fields (the label first), already quoted where needed."""
    yield ["#PROGRAM", quote(sie.program), quote(sie.version)]
    yield ["#FORMAT", "PC8"]
    yield ["#GEN", _day(sie.generated)]
    yield ["#SIETYP", "4"]
    if sie.org_number:
        yield ["#ORGNR", sie.org_number]
    yield ["#FNAMN", quote(sie.company_name)]
    yield ["#KPTYP", "EUBAS97"]
    yield ["#VALUTA", "SEK"]
    for number, name in sorted(sie.dimensions.items()):
        yield ["#DIM", str(number), quote(name)]
    for dimension, key, name in sie.objects:
        yield ["#OBJEKT", str(dimension), quote(key), quote(name)]
    for account, name in sorted(sie.accounts.items()):
        yield ["#KONTO", str(account), quote(name)]
    for voucher in sie.vouchers:
        if voucher.balance_ore != 0:
            raise ReportError(f"voucher of {voucher.day} is off balance by {voucher.balance_ore}")
        ver_number = "" if voucher.number is None else str(voucher.number)
        registered = [_day(voucher.registered)] if voucher.registered else []
        yield [
            "#VER",
            quote(voucher.series),
            quote(ver_number),
            _day(voucher.day),
            quote(voucher.text),
            *registered,
        ]
        yield ["{"]
        for row in voucher.rows:
            objects = " ".join(f"{d} {quote(o)}" for d, o in row.objects)
            texts = [quote(""), quote(row.text)] if row.text else []
            yield ["#TRANS", str(row.account), "{" + objects + "}", amount(row.amount_ore), *texts]
        yield ["}"]


def _checksum_part(fields: list[str]) -> bytes:
    """A record's bytes for #KSUMMA: its fields without separators, quotes or braces (§1.6)."""
    if fields in (["{"], ["}"]):
        return b""
    parts: list[str] = []
    for value in fields:
        if value.startswith("{") and value.endswith("}"):
            inner = value[1:-1]
            parts.extend(_unquote_all(inner))
        elif value.startswith('"'):
            parts.append(value[1:-1].replace('\\"', '"'))
        else:
            parts.append(value)
    return "".join(parts).encode(ENCODING)


def _unquote_all(text: str) -> Iterable[str]:
    for token in text.split(" "):
        if token:
            yield token.strip('"')


def write_sie(sie: SieFile) -> bytes:
    """The whole file as CP437 bytes with CR LF line ends, #FLAGGA 0 first."""
    lines = ["#FLAGGA 0"]
    crc = 0
    records = list(_records(sie))
    if sie.checksum:
        lines.append("#KSUMMA")
        for fields in records:
            crc = zlib.crc32(_checksum_part(fields), crc)
    lines.extend(" ".join(fields) for fields in records)
    if sie.checksum:
        lines.append(f"#KSUMMA {crc}")
    return ("\r\n".join(lines) + "\r\n").encode(ENCODING)
