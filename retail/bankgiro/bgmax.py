"""Bankgirot's BgMax file of incoming payments: parsed strictly, its totals checked.

Fixed-width records of 80 characters in ISO 8859-1 (CR LF or LF; trailing blanks may be cut).
`01` starts the file, then sections (`05` opens a deposit, payments `20` and deductions `21`
with their extra references `22`/`23`, information `25`, name `26`, addresses `27`/`28` and
organisation number `29`, `15` closes it), and `70` ends it. Any broken record, order or total
refuses the whole file (`BgMaxError` naming the line), so nothing of a bad file is imported.
Positions follow Bankgiro Inbetalningar's technical manual (see docs/notes/issue-20.md).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from retail.errors import BgMaxError

RECORD_LENGTH = 80


class ReferenceCode(enum.IntEnum):
    """Position 56: what the reference field holds."""

    NONE = 0
    NONE_PAPER = 1
    OCR = 2
    SEVERAL = 3
    TEXT = 4
    INCORRECT = 5


class PaymentKind(enum.StrEnum):
    PAYMENT = "payment"
    DEDUCTION = "deduction"


@dataclass(frozen=True, slots=True)
class ExtraReference:
    reference: str
    amount_ore: int
    """Negative for a `23` record."""
    reference_code: ReferenceCode


@dataclass(frozen=True, slots=True)
class Payment:
    kind: PaymentKind
    sender_bankgiro: str
    reference: str
    amount_ore: int
    reference_code: ReferenceCode
    channel: int
    bgc_serial: str
    has_image: bool
    deduction_code: str = ""
    extra_references: tuple[ExtraReference, ...] = ()
    information: tuple[str, ...] = ()
    name: str = ""
    extra_name: str = ""
    address: str = ""
    postcode: str = ""
    town: str = ""
    country: str = ""
    country_code: str = ""
    organisation_number: str = ""

    @property
    def signed_amount_ore(self) -> int:
        """What it adds to the deposit: a deduction subtracts."""
        return -self.amount_ore if self.kind is PaymentKind.DEDUCTION else self.amount_ore


@dataclass(frozen=True, slots=True)
class Deposit:
    payee_bankgiro: str
    payee_plusgiro: str
    currency: str
    bank_account: str
    payment_date: date
    deposit_serial: str
    amount_ore: int
    deposit_type: str
    payments: tuple[Payment, ...]


@dataclass(frozen=True, slots=True)
class BgMaxFile:
    written_at: datetime
    test: bool
    deposits: tuple[Deposit, ...]

    @property
    def payments(self) -> tuple[Payment, ...]:
        return tuple(p for d in self.deposits for p in d.payments)


@dataclass(slots=True)
class _Open:
    """The section being read."""

    payee_bankgiro: str
    payee_plusgiro: str
    currency: str
    payments: list[Payment] = field(default_factory=list)
    stage: int = 0
    """How far the current payment's sub-records went: 1 extra refs, 2 info, 3+ name/addresses."""
    seen: set[str] = field(default_factory=set)


def _fail(line_no: int, message: str) -> BgMaxError:
    return BgMaxError(f"BgMax line {line_no}: {message}")


def _number(text: str, line_no: int, what: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise _fail(line_no, f"{what} must be digits, found {text.strip()!r}")
    return int(text)


def _digits(text: str, line_no: int, what: str) -> str:
    _number(text, line_no, what)
    return text


def _lines(data: bytes) -> list[str]:
    text = data.decode("iso-8859-1")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out = []
    for no, raw in enumerate(lines, start=1):
        line = raw.removesuffix("\r")
        if len(line) > RECORD_LENGTH:
            raise _fail(no, f"a record is {RECORD_LENGTH} characters, this one {len(line)}")
        out.append(line.ljust(RECORD_LENGTH))
    return out


def _payment(line: str, no: int, kind: PaymentKind) -> Payment:
    code = _number(line[55], no, "the reference code")
    if code > max(ReferenceCode):
        raise _fail(no, f"unknown reference code {code}")
    channel = _number(line[56], no, "the payment channel")
    if not 1 <= channel <= 4:
        raise _fail(no, f"unknown payment channel {channel}")
    if line[69] not in "01":
        raise _fail(no, f"the image mark is 0 or 1, found {line[69]!r}")
    return Payment(
        kind=kind,
        sender_bankgiro=_digits(line[2:12], no, "the sender's bankgiro number"),
        reference=line[12:37].strip(),
        amount_ore=_number(line[37:55], no, "the amount"),
        reference_code=ReferenceCode(code),
        channel=channel,
        bgc_serial=_digits(line[57:69], no, "the BGC serial number"),
        has_image=line[69] == "1",
        deduction_code=line[70].strip() if kind is PaymentKind.DEDUCTION else "",
    )


def _sub_record(kind: str, line: str, no: int, section: _Open) -> None:
    """A record that belongs to the last payment of the section."""
    if not section.payments:
        raise _fail(no, f"record {kind} comes before any payment in its section")
    last = section.payments[-1]
    if kind in ("22", "23"):
        if section.stage > 1:
            raise _fail(no, "an extra reference comes right after its payment")
        extra = _payment(line, no, PaymentKind.PAYMENT)
        if extra.bgc_serial != last.bgc_serial:
            raise _fail(no, "an extra reference repeats its payment's BGC serial number")
        amount = -extra.amount_ore if kind == "23" else extra.amount_ore
        ref = ExtraReference(extra.reference, amount, extra.reference_code)
        section.stage = 1
        section.payments[-1] = replace(last, extra_references=(*last.extra_references, ref))
        return
    if kind == "25":
        if section.stage > 2:
            raise _fail(no, "information comes before the name and addresses")
        section.stage = 2
        info = line[2:52].strip()
        section.payments[-1] = replace(last, information=(*last.information, info))
        return
    if kind in section.seen:
        raise _fail(no, f"at most one record {kind} per payment")
    section.seen.add(kind)
    section.stage = 3
    if kind == "26":
        last = replace(last, name=line[2:37].strip(), extra_name=line[37:72].strip())
    elif kind == "27":
        last = replace(last, address=line[2:37].strip(), postcode=line[37:46].strip())
    elif kind == "28":
        place, country, code = line[2:37].strip(), line[37:72].strip(), line[72:74].strip()
        last = replace(last, town=place, country=country, country_code=code)
    else:
        org = _digits(line[2:14], no, "the organisation number")
        last = replace(last, organisation_number=org)
    section.payments[-1] = last


def _close(line: str, no: int, section: _Open) -> Deposit:
    when = _digits(line[37:45], no, "the payment date")
    try:
        paid = date(int(when[:4]), int(when[4:6]), int(when[6:]))
    except ValueError:
        raise _fail(no, f"no such payment date {when!r}") from None
    amount = _number(line[50:68], no, "the deposit amount")
    count = _number(line[71:79], no, "the number of payments")
    currency = line[68:71]
    if currency != section.currency:
        raise _fail(no, f"the deposit is in {currency!r}, its section in {section.currency!r}")
    if count != len(section.payments):
        raise _fail(
            no, f"the deposit counts {count} payments, the section has {len(section.payments)}"
        )
    total = sum(p.signed_amount_ore for p in section.payments)
    if amount != total:
        raise _fail(no, f"the deposit is {amount} öre, its payments sum to {total} öre")
    return Deposit(
        payee_bankgiro=section.payee_bankgiro,
        payee_plusgiro=section.payee_plusgiro,
        currency=currency,
        bank_account=_digits(line[2:37], no, "the bank account number"),
        payment_date=paid,
        deposit_serial=_digits(line[45:50], no, "the deposit serial number"),
        amount_ore=amount,
        deposit_type=line[79].strip(),
        payments=tuple(section.payments),
    )


def _start(line: str) -> tuple[datetime, bool]:
    if line[:2] != "01":
        raise _fail(1, "a BgMax file starts with record 01")
    if line[2:22].rstrip() != "BGMAX" or line[22:24] != "01":
        raise _fail(1, "not a BgMax file of layout BGMAX version 01")
    try:
        written = datetime.strptime(line[24:44], "%Y%m%d%H%M%S%f")
    except ValueError:
        raise _fail(1, f"no such time {line[24:44]!r}") from None
    if line[44] not in "TP":
        raise _fail(1, f"the test mark is T or P, found {line[44]!r}")
    return written, line[44] == "T"


def _end(line: str, no: int, counts: dict[str, int]) -> None:
    fields = [_number(line[i : i + 8], no, "a count in the end record") for i in (2, 10, 18, 26)]
    found = [counts["20"], counts["21"], counts["22"], counts["15"]]
    names = ("payments", "deductions", "extra references", "deposits")
    for name, said, seen in zip(names, fields, found, strict=True):
        if said != seen:
            raise _fail(no, f"the end record counts {said} {name}, the file has {seen}")


def _in_section(
    kind: str,
    line: str,
    no: int,
    section: _Open,
    *,
    counts: dict[str, int],
    deposits: list[Deposit],
) -> _Open | None:
    """Read one record of an open section; None once `15` closed it."""
    if kind in ("20", "21"):
        pay_kind = PaymentKind.PAYMENT if kind == "20" else PaymentKind.DEDUCTION
        section.payments.append(_payment(line, no, pay_kind))
        section.stage, section.seen = 0, set()
        counts[kind] += 1
    elif kind in ("22", "23", "25", "26", "27", "28", "29"):
        _sub_record(kind, line, no, section)
        if kind in ("22", "23"):
            counts["22"] += 1
    elif kind == "15":
        deposits.append(_close(line, no, section))
        counts["15"] += 1
        return None
    else:
        raise _fail(no, f"unknown record type {kind!r}")
    return section


def parse_bgmax(data: bytes) -> BgMaxFile:
    """Read a BgMax file; `BgMaxError` (naming the line) for anything out of order."""
    lines = _lines(data)
    if not lines:
        raise BgMaxError("BgMax: the file is empty")
    written_at, test = _start(lines[0])
    counts = {"20": 0, "21": 0, "22": 0, "15": 0}
    deposits: list[Deposit] = []
    section: _Open | None = None
    for no, line in enumerate(lines[1:], start=2):
        kind = line[:2]
        if kind == "70":
            if section is not None:
                raise _fail(no, "the end record comes inside an open section")
            if no != len(lines):
                raise _fail(no + 1, "nothing follows the end record 70")
            _end(line, no, counts)
            return BgMaxFile(written_at, test, tuple(deposits))
        if kind == "05":
            if section is not None:
                raise _fail(no, "a section opens before the previous one closed")
            section = _Open(
                _digits(line[2:12], no, "the payee's bankgiro number"),
                line[12:22].strip(),
                line[22:25],
            )
            continue
        if section is None:
            raise _fail(no, f"record {kind!r} outside a section (05 ... 15)")
        section = _in_section(kind, line, no, section, counts=counts, deposits=deposits)
    raise _fail(len(lines), "the file ends without its end record 70")
