"""A delivery started from the wholesaler's delivery file, then checked off by scanning.

The file (CSV in UTF-8 or Windows-1252 with semicolons, commas or tabs, or an .xlsx sheet) is
read by the price files' reader; each supplier's column mapping (field -> heading) is saved.
Every row becomes an expected line (received 0). A scan or typed code counts the matching line
up to what was expected; the rest, and codes the file did not list, become extra lines. The
difference expected against received is answered before committing; committing books what was
received (deliveries.commit_delivery)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.errors import BackofficeError, NotFoundError
from backoffice.pricefiles.parse import PriceFileError, cells, parse_ore, read_table
from backoffice.stock import deliveries
from backoffice.stock.book import products_by_key
from backoffice.stock.book_models import DeliveryFileMapping, DeliveryLine, GoodsDelivery
from backoffice.stock.counting import BadCodeError
from retail.barcodes import ScanRejected, parse_scan

FIELDS = ("gtin", "quantity", "cost", "best_before", "batch")
REQUIRED = ("gtin", "quantity")
GUESSES = {
    "gtin": ("gtin", "ean", "ean-kod", "streckkod", "artikelkod"),
    "quantity": ("quantity", "antal", "kvantitet", "levererat", "qty"),
    "cost": ("cost", "pris", "inpris", "styckpris", "à-pris", "a-pris"),
    "best_before": ("best_before", "bäst före", "bäst-före", "bf", "best before"),
    "batch": ("batch", "parti", "lot", "batchnummer"),
}
MAX_LINES = 5000


class DeliveryFileError(BackofficeError):
    """The file cannot be taken as a whole; `problems` names each refused row by its line."""

    status_code = 422

    def __init__(self, detail: str, problems: list[str] | None = None) -> None:
        super().__init__(detail + (": " + "; ".join(problems[:20]) if problems else ""))
        self.problems = problems or []


@dataclass(frozen=True, slots=True)
class FileLine:
    line: int
    product_key: str
    quantity: int
    cost_ore: int | None
    best_before: date | None
    batch: str | None


def saved_mapping(session: Session, supplier: str) -> dict[str, str] | None:
    row = session.get(DeliveryFileMapping, supplier)
    return {k: str(v) for k, v in row.columns.items()} if row is not None else None


def save_mapping(session: Session, supplier: str, columns: dict[str, str], now: datetime) -> None:
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise DeliveryFileError(f"no such field in a delivery file: {', '.join(unknown)}")
    row = session.get(DeliveryFileMapping, supplier)
    if row is None:
        session.add(DeliveryFileMapping(supplier=supplier, columns=columns, updated_at=now))
    else:
        row.columns, row.updated_at = dict(columns), now


def guess_mapping(headings: list[str]) -> dict[str, str]:
    """Field -> heading for the headings a Swedish or English file commonly uses."""
    found: dict[str, str] = {}
    for field, names in GUESSES.items():
        for heading in headings:
            if heading.strip().casefold() in names:
                found[field] = heading
                break
    return found


def _date(text: str) -> date:
    value = text.strip()
    for form in (value, value[:10]):
        try:
            return date.fromisoformat(form)
        except ValueError:
            pass
    if len(value) == 6 and value.isdigit():  # GS1 style YYMMDD
        return date(2000 + int(value[:2]), int(value[2:4]), int(value[4:]))
    raise ValueError(f"not a date (YYYY-MM-DD): {value[:20]!r}")


def read_lines(
    filename: str, data: bytes, mapping: dict[str, str] | None, today: date
) -> tuple[list[FileLine], dict[str, str]]:
    """Every row of the file as an expected line, and the mapping used; refused as a whole
    (naming each bad row) so nothing of a half-read file is taken."""
    try:
        table = read_table(filename, data)
    except PriceFileError as error:
        raise DeliveryFileError(error.detail) from None
    used = mapping or guess_mapping(table.headings)
    missing = [f for f in REQUIRED if f not in used]
    if missing:
        raise DeliveryFileError(f"the column mapping lacks {', '.join(missing)}")
    where_by_heading = {h.casefold(): i for i, h in enumerate(table.headings)}
    where: dict[str, int] = {}
    for field, heading in used.items():
        if heading.casefold() not in where_by_heading:
            raise DeliveryFileError(f"no column {heading!r} (for {field}) in the file")
        where[field] = where_by_heading[heading.casefold()]
    if len(table.rows) > MAX_LINES:
        raise DeliveryFileError(f"a delivery file has at most {MAX_LINES} lines")
    found, problems = [], []
    for line, row in cells(table, where):
        try:
            found.append(_line(line, row, today))
        except ValueError as error:
            problems.append(f"line {line}: {error}")
    if problems:
        raise DeliveryFileError("rows of the file were refused", problems)
    if not found:
        raise DeliveryFileError("the file has no lines")
    return found, used


def _line(line: int, row: dict[str, str], today: date) -> FileLine:
    scan = parse_scan(row["gtin"], today=today)
    if isinstance(scan, ScanRejected):
        raise ValueError(f"{row['gtin'][:20]!r} is not a product code")
    text = row["quantity"].replace(" ", "")
    text = text[:-2] if text.endswith((",0", ".0")) else text
    if not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise ValueError(f"quantity must be a whole number from 1, not {row['quantity'][:20]!r}")
    cost = parse_ore(row["cost"]) if row.get("cost") else None
    dated = _date(row["best_before"]) if row.get("best_before") else None
    batch = row.get("batch") or None
    if batch is not None and len(batch) > 20:
        raise ValueError("batch is longer than 20 characters")
    return FileLine(
        line,
        scan.product_key,
        int(text),
        cost,
        dated or scan.best_before or scan.expiry,
        batch or scan.batch,
    )


def start_from_file(
    session: Session,
    *,
    store_id: int,
    supplier: str,
    note_number: str,
    filename: str,
    data: bytes,
    mapping: dict[str, str] | None,
    now: datetime,
) -> tuple[GoodsDelivery, int]:
    """Open a delivery whose lines are the file's, expected and not yet received; a mapping
    given is saved for the supplier, otherwise the supplier's saved one (or a guess) is used."""
    chosen = mapping or saved_mapping(session, supplier)
    found, used = read_lines(filename, data, chosen, now.date())
    save_mapping(session, supplier, used, now)
    delivery = deliveries.open_delivery(
        session, store_id=store_id, supplier=supplier, note_number=note_number, now=now
    )
    for ln in found:
        session.add(
            DeliveryLine(
                delivery_id=delivery.id,
                store_id=store_id,
                product_key=ln.product_key,
                quantity=0,
                expected=ln.quantity,
                best_before=ln.best_before,
                batch=ln.batch,
                cost_ore=ln.cost_ore,
            )
        )
    session.flush()
    return delivery, len(found)


@dataclass(frozen=True, slots=True)
class Checked:
    product_key: str
    known: bool
    received: int
    """Received of this code in the delivery, all its lines together."""
    expected: int
    """Expected of this code by the file (0: the file did not list it)."""
    extra: int
    """Of this scan, pieces beyond what the file expected."""


def check_off(
    session: Session, *, store_id: int, delivery_id: int, code: str, quantity: int, today: date
) -> Checked:
    """Count `quantity` pieces of `code` as received: the file's lines of that code first (up
    to what each expected), the rest onto an extra line."""
    deliveries._open(session, store_id, delivery_id)
    scan = parse_scan(code, today=today)
    if isinstance(scan, ScanRejected):
        raise BadCodeError(f"{code[:40]!r} is not a product code: {scan.message}")
    same = select(DeliveryLine).where(
        DeliveryLine.delivery_id == delivery_id, DeliveryLine.product_key == scan.product_key
    )
    mine = list(session.scalars(same.order_by(DeliveryLine.id).with_for_update()))
    left = quantity
    for ln in mine:
        if ln.expected is not None and left > 0 and ln.quantity < ln.expected:
            if scan.batch and ln.batch and scan.batch != ln.batch:
                continue
            take = min(left, ln.expected - ln.quantity)
            ln.quantity += take
            left -= take
    if left > 0:
        extra = next((ln for ln in mine if ln.expected is None), None)
        if extra is None:
            extra = DeliveryLine(
                delivery_id=delivery_id,
                store_id=store_id,
                product_key=scan.product_key,
                quantity=0,
                best_before=scan.best_before or scan.expiry,
                batch=scan.batch,
            )
            session.add(extra)
            mine.append(extra)
        extra.quantity += left
    session.flush()
    known = scan.product_key in products_by_key(session, [scan.product_key])
    return Checked(
        scan.product_key,
        known,
        sum(ln.quantity for ln in mine),
        sum(ln.expected or 0 for ln in mine),
        left,
    )


@dataclass(frozen=True, slots=True)
class Difference:
    product_key: str
    name: str | None
    """None: no product has this code yet."""
    expected: int
    received: int

    @property
    def difference(self) -> int:
        return self.received - self.expected


def differences(session: Session, *, store_id: int, delivery_id: int) -> list[Difference]:
    """Per code: expected by the file against received, every code that differs (missing,
    short, over, or not in the file), by code."""
    delivery = session.get(GoodsDelivery, delivery_id)
    if delivery is None or delivery.store_id != store_id:
        raise NotFoundError(f"no delivery {delivery_id} in this store")
    totals: dict[str, list[int]] = {}
    for ln in deliveries.lines(session, delivery_id):
        pair = totals.setdefault(ln.product_key, [0, 0])
        pair[0] += ln.expected or 0
        pair[1] += ln.quantity
    refs = products_by_key(session, totals)
    return [
        Difference(key, refs[key].name if key in refs else None, exp, got)
        for key, (exp, got) in sorted(totals.items())
        if exp != got
    ]


def as_dict(found: Difference) -> dict[str, Any]:
    return {
        "product_key": found.product_key,
        "name": found.name,
        "known": found.name is not None,
        "expected": found.expected,
        "received": found.received,
        "difference": found.difference,
    }
