"""Verify the journal: the hash chain, no missing entries, unbroken receipt series, and sales
that match their journal entries. Every problem is reported with the entry it concerns."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from retail.receipts import check_series
from store_controller.checkout.chain import GENESIS_HASH, link_hash
from store_controller.checkout.models import JournalEntryRow, SaleRow


@dataclass
class VerifyReport:
    """What `verify_journal` found; `ok` when `problems` is empty."""

    entries: int = 0
    sales: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_journal(engine: Engine) -> VerifyReport:
    """Check the whole journal of this controller's database."""
    report = VerifyReport()
    with Session(engine) as session:
        entries = list(session.scalars(select(JournalEntryRow).order_by(JournalEntryRow.seq)))
        sales = {row.sale_id: row for row in session.scalars(select(SaleRow))}
        report.entries, report.sales = len(entries), len(sales)
        _check_chain(entries, report)
        _check_tail(session, entries, report)
        journal_sales = _check_series(entries, report)
        _check_sales(journal_sales, sales, report)
    return report


def _check_chain(entries: list[JournalEntryRow], report: VerifyReport) -> None:
    expected_seq, prev = 1, GENESIS_HASH
    for entry in entries:
        if entry.seq != expected_seq:
            missing = (
                f"{expected_seq}"
                if entry.seq == expected_seq + 1
                else (f"{expected_seq}-{entry.seq - 1}")
            )
            report.problems.append(f"journal entry {missing} is missing (next is {entry.seq})")
        if entry.prev_hash != prev:
            report.problems.append(
                f"journal entry {entry.seq}: chain broken, prev_hash does not match entry "
                f"{entry.seq - 1 if entry.seq > 1 else 'genesis'}"
            )
        if link_hash(entry.prev_hash, entry.body) != entry.hash:
            report.problems.append(
                f"journal entry {entry.seq}: hash does not match its content (altered)"
            )
        expected_seq, prev = entry.seq + 1, entry.hash


def _check_tail(session: Session, entries: list[JournalEntryRow], report: VerifyReport) -> None:
    if session.get_bind().dialect.name != "sqlite":
        return
    issued = session.execute(
        text("SELECT seq FROM sqlite_sequence WHERE name = 'journal_entries'")
    ).scalar()
    last = entries[-1].seq if entries else 0
    if issued is not None and issued > last:
        report.problems.append(
            f"journal entries {last + 1}-{issued} were written and are gone (the newest is {last})"
        )


def _check_series(
    entries: list[JournalEntryRow], report: VerifyReport
) -> dict[str, tuple[int, dict[str, object]]]:
    """Receipt series per register, from the journal; returns sale id -> (seq, wire sale)."""
    numbers: defaultdict[str, list[int]] = defaultdict(list)
    journal_sales: dict[str, tuple[int, dict[str, object]]] = {}
    for entry in entries:
        if entry.kind != "sale":
            continue
        try:
            sale = json.loads(entry.body)["sale"]
        except (ValueError, KeyError, TypeError):
            report.problems.append(f"journal entry {entry.seq}: unreadable sale body")
            continue
        register, number = str(sale["register_id"]), int(sale["receipt_number"])
        if (entry.register_id, entry.receipt_number) != (register, number):
            report.problems.append(
                f"journal entry {entry.seq}: register or receipt column differs from its content"
            )
        numbers[register].append(number)
        journal_sales[str(sale["sale_id"])] = (entry.seq, sale)
    for register, series in numbers.items():
        check = check_series(series)
        for first, last in check.missing:
            span = str(first) if first == last else f"{first}-{last}"
            report.problems.append(f"register {register}: receipt number {span} missing")
        for number in check.duplicates:
            report.problems.append(f"register {register}: receipt number {number} used twice")
        for number in check.out_of_order:
            report.problems.append(f"register {register}: receipt number {number} out of order")
    return journal_sales


def _check_sales(
    journal_sales: dict[str, tuple[int, dict[str, object]]],
    sales: dict[str, SaleRow],
    report: VerifyReport,
) -> None:
    for sale_id, (seq, sale) in journal_sales.items():
        row = sales.get(sale_id)
        if row is None:
            report.problems.append(f"journal entry {seq}: sale {sale_id} is not in the sales table")
            continue
        if (row.receipt_number, row.total_ore, row.journal_seq) != (
            sale["receipt_number"],
            sale["total_ore"],
            seq,
        ):
            report.problems.append(
                f"sale {sale_id} (receipt {row.receipt_number}) differs from journal entry {seq}"
            )
    for sale_id, row in sales.items():
        if sale_id not in journal_sales:
            report.problems.append(
                f"sale {sale_id} (receipt {row.receipt_number}) has no journal entry"
            )
