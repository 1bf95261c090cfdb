"""Builds BgMax records field by field at the positions of Bankgirot's technical manual."""

from __future__ import annotations


def _put(fields: list[tuple[int, str]]) -> str:
    """A record of 80 characters with each text at its 1-based start position."""
    line = [" "] * 80
    for start, text in fields:
        line[start - 1 : start - 1 + len(text)] = list(text)
    assert len(line) == 80
    return "".join(line)


def start(written: str = "20260402061544123456", mark: str = "P") -> str:
    return _put([(1, "01"), (3, "BGMAX"), (23, "01"), (25, written), (45, mark)])


def opening(bankgiro: str = "9912346", plusgiro: str = "", currency: str = "SEK") -> str:
    return _put([(1, "05"), (3, bankgiro.rjust(10, "0")), (13, plusgiro), (23, currency)])


def payment(
    kind: str = "20",
    *,
    reference: str,
    ore: int,
    code: int = 2,
    serial: str = "000120000001",
    channel: int = 1,
    sender: str = "0",
    image: str = "0",
    deduction_code: str = "",
) -> str:
    ref = reference.rjust(25) if code == 2 else reference.ljust(25)
    return _put(
        [
            (1, kind),
            (3, sender.rjust(10, "0")),
            (13, ref),
            (38, str(ore).rjust(18, "0")),
            (56, str(code)),
            (57, str(channel)),
            (58, serial),
            (70, image),
            (71, deduction_code),
        ]
    )


def information(text: str) -> str:
    return _put([(1, "25"), (3, text)])


def name(text: str, extra: str = "") -> str:
    return _put([(1, "26"), (3, text), (38, extra)])


def address(street: str, postcode: str) -> str:
    return _put([(1, "27"), (3, street), (38, postcode)])


def town(place: str, country: str = "", code: str = "") -> str:
    return _put([(1, "28"), (3, place), (38, country), (73, code)])


def organisation(number: str) -> str:
    return _put([(1, "29"), (3, number)])


def deposit(
    *, ore: int, count: int, date: str = "20260402", serial: str = "00001", currency: str = "SEK"
) -> str:
    return _put(
        [
            (1, "15"),
            (3, "3456789012".rjust(35, "0")),
            (38, date),
            (46, serial),
            (51, str(ore).rjust(18, "0")),
            (69, currency),
            (72, str(count).rjust(8, "0")),
        ]
    )


def end(payments: int, deductions: int, extras: int, deposits: int) -> str:
    counts = [str(n).rjust(8, "0") for n in (payments, deductions, extras, deposits)]
    return _put([(1, "70"), (3, counts[0]), (11, counts[1]), (19, counts[2]), (27, counts[3])])


def encode(records: list[str], newline: str = "\r\n") -> bytes:
    return "".join(r + newline for r in records).encode("iso-8859-1")
