"""An independent SIE 4 reader for the tests, written from the specification (SIE 4B §5-§11),
not from our writer: CP437, fields split on runs of spaces or tabs outside quotes, `\\"` inside
quotes, `{...}` object lists, `{`/`}` lines around a voucher's rows, #KSUMMA checked."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Trans:
    account: str
    objects: list[tuple[str, str]]
    amount: Decimal
    text: str


@dataclass
class Ver:
    series: str
    number: str
    date: str
    text: str
    rows: list[Trans] = field(default_factory=list)


@dataclass
class SieRead:
    labels: list[str] = field(default_factory=list)
    fields: dict[str, list[list[str]]] = field(default_factory=dict)
    vouchers: list[Ver] = field(default_factory=list)
    checksum_ok: bool | None = None


def tokens(line: str) -> list[str]:
    """Fields of one record; a quoted field keeps its text, an object list stays one field."""
    out: list[str] = []
    i = 0
    while i < len(line):
        char = line[i]
        if char in " \t":
            i += 1
        elif char == '"':
            i += 1
            text = []
            while line[i] != '"':
                if line[i] == "\\" and i + 1 < len(line) and line[i + 1] == '"':
                    i += 1
                text.append(line[i])
                i += 1
            out.append("".join(text))
            i += 1
        elif char == "{":
            end = line.index("}", i)
            out.append(line[i : end + 1])
            i = end + 1
        else:
            start = i
            while i < len(line) and line[i] not in " \t":
                i += 1
            out.append(line[start:i])
    return out


def objects(field_text: str) -> list[tuple[str, str]]:
    inner = tokens(field_text[1:-1])
    return list(zip(inner[::2], inner[1::2], strict=True))


def read_sie(data: bytes) -> SieRead:
    text = data.decode("cp437")
    result = SieRead()
    current: Ver | None = None
    crc: int | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == "{":
            continue
        if line == "}":
            current = None
            continue
        parts = tokens(line)
        label = parts[0]
        if label == "#KSUMMA":
            if len(parts) == 1:
                crc = 0
            else:
                result.checksum_ok = crc is not None and int(parts[1]) == crc
                crc = None
            continue
        if crc is not None:
            crc = zlib.crc32(_checksum_bytes(line), crc)
        result.labels.append(label)
        result.fields.setdefault(label, []).append(parts[1:])
        if label == "#VER":
            series, number, day, ver_text = ([*parts[1:], "", "", "", ""])[:4]
            current = Ver(series, number, day, ver_text)
            result.vouchers.append(current)
        elif label == "#TRANS":
            assert current is not None, "#TRANS outside a voucher"
            text_field = parts[5] if len(parts) > 5 else ""
            current.rows.append(Trans(parts[1], objects(parts[2]), Decimal(parts[3]), text_field))
    return result


def _checksum_bytes(line: str) -> bytes:
    """§1.6: the record's fields without separators, quotes or braces."""
    out: list[str] = []
    for part in tokens(line):
        if part.startswith("{") and part.endswith("}"):
            out.extend(tokens(part[1:-1]))
        else:
            out.append(part)
    return "".join(out).encode("cp437")
