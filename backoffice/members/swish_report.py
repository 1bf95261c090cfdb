"""Swish's payment report for the association's number ("Swish-rapport", a CSV export of the
incoming Swish payments), matched to invoices by the OCR in each payment's message.

Why a report as well as callbacks: the invoice's QR code is a prefilled payment to the
association's number (a Swish link with payee, amount and message), not a payment request made
through the Commerce API, so Swish sends no callback for it (callbacks only go to a request's
`callbackUrl`, swish.md sections 2 and 5). The report is how those payments reach the backoffice.

The file: one header line naming the columns (any order, `;` or `,`, UTF-8 or Latin-1): a date
(`Datum`, `Bokföringsdag`, `Transaktionsdag`), the amount (`Belopp`, Swedish `1 234,50` or
`1234.50`), the payer (`Avsändare`, `Betalare`, `Från`: the alias as the bank masks it) and the
message (`Meddelande`); a Swish reference (`Referens`, `Swish-referens`, `Betalningsreferens`) is
used as the payment's key when present. A row that cannot be read is refused with its line number
and the reason, the others are kept. Importing the same report (or an overlapping one) again books
nothing twice: without a reference a row's key is its content and its occurrence in the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from backoffice.members.models import PaymentIn
from backoffice.members.payments_in import already_in, match_payment
from backoffice.members.swish_in import ocr_in

MAX_REPORT_BYTES = 1024 * 1024
COLUMNS = {
    "date": ("datum", "bokföringsdag", "transaktionsdag", "date"),
    "amount": ("belopp", "amount"),
    "payer": ("avsändare", "betalare", "från", "payer"),
    "message": ("meddelande", "message"),
    "reference": ("referens", "swish-referens", "betalningsreferens", "reference"),
}
HEADINGS = {"date": "Datum", "amount": "Belopp", "message": "Meddelande"}
_AMOUNT = re.compile(r"^(-?\d{1,12})(?:[.,](\d{1,2}))?$")


class ReportError(ValueError):
    """The report as a whole cannot be read (no header with the needed columns, not text)."""


@dataclass(frozen=True, slots=True)
class Refused:
    line: int
    reason: str
    text: str


@dataclass(slots=True)
class ReportImport:
    new: list[PaymentIn] = field(default_factory=list)
    already: int = 0
    refused: list[Refused] = field(default_factory=list)


def _text(raw: bytes) -> str:
    if b"\x00" in raw:
        raise ReportError("the Swish report is a CSV text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _columns(header: list[str]) -> dict[str, int]:
    names = [name.strip().strip('"').lower() for name in header]
    found: dict[str, int] = {}
    for column, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                found[column] = names.index(alias)
                break
    missing = [name for name in ("date", "amount", "message") if name not in found]
    if missing:
        raise ReportError(
            "the Swish report's first line names its columns; missing: "
            + ", ".join(
                {"date": "Datum", "amount": "Belopp", "message": "Meddelande"}[m] for m in missing
            )
        )
    return found


def _amount(text: str) -> int:
    cleaned = text.replace("\u00a0", "").replace(" ", "").removesuffix("kr").removesuffix("SEK")
    found = _AMOUNT.match(cleaned)
    if found is None:
        raise ValueError(f"the amount {text.strip()[:20]!r} is not a sum in kronor")
    whole, part = found.group(1), (found.group(2) or "0").ljust(2, "0")
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole)) * 100 + int(part))


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ValueError(f"the date {text.strip()[:20]!r} is not YYYY-MM-DD") from None


def import_report(
    session: Session, association_id: int, raw: bytes, *, by: str, at: datetime
) -> ReportImport:
    """Keep and match every readable row of the report; refused rows are returned, not lost."""
    text = _text(raw)
    lines = text.splitlines()
    if not lines:
        raise ReportError("the Swish report is empty")
    dialect = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    # Universal newlines: a lone CR ends a line here as it does for `splitlines` above.
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=dialect)
    try:
        rows = list(reader)
    except csv.Error as unreadable:
        raise ReportError(
            f"the Swish report's line {reader.line_num} is not CSV ({unreadable})"
        ) from None
    columns = _columns(rows[0])
    done = ReportImport()
    seen: Counter[str] = Counter()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        line = dialect.join(row)[:300]
        try:
            if len(row) <= max(columns.values()):
                raise ValueError("the line has fewer columns than the header")
            paid_on = _date(row[columns["date"]])
            amount = _amount(row[columns["amount"]])
        except ValueError as refused:
            done.refused.append(Refused(number, str(refused), line))
            continue
        message = row[columns["message"]].strip()
        payer = row[columns["payer"]].strip() if "payer" in columns else ""
        reference = row[columns["reference"]].strip() if "reference" in columns else ""
        if reference:
            key = f"swishrapport:{reference[:40]}"
        else:
            content = f"{paid_on}|{amount}|{payer}|{message}"
            seen[content] += 1
            digest = hashlib.sha256(content.encode()).hexdigest()[:32]
            key = f"swishrapport:{digest}:{seen[content]}"
        if already_in(session, association_id, key):
            done.already += 1
            continue
        done.new.append(
            match_payment(
                session,
                association_id,
                key,
                reference=ocr_in(message) or message,
                amount_ore=amount,
                paid_on=paid_on,
                payer=payer,
                ledger_reference=key,
                why=f"Swish {paid_on.isoformat()}",
                by=by,
                at=at,
            )
        )
    return done
