"""The Z-report list's grand totals of sales and returns are kept on each Z-report row (set at
ingest, backfilled by migration 0033), and equal what the list showed when it added every earlier
receipt of the register: on SQLite and PostgreSQL, for lists that begin at any Z-report."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db import MIGRATIONS
from backoffice.reports.scope import ReportScope
from backoffice.reports.zreports import z_reports
from backoffice.sales.service import record_sales
from backoffice.stores.service import create_store
from backoffice.zreports.service import record_z_report
from byabutik.runtime.db import make_engine
from retail import wire
from tests.backoffice.reports.test_exports import z_of
from tests.backoffice.reports.trading import PRODUCTS, LineSpec, SaleSpec, local_day, make_sale

REGISTERS = ("kassa-1", "kassa-2")
STARTS = [date(2026, 3, 1), date(2026, 3, 5), date(2026, 3, 11), date(2026, 3, 14)]
END = date(2026, 3, 16)


def trading(session: Session) -> tuple[int, list[wire.Sale], list[wire.ZReport]]:
    """Two registers, a few sales a day with returns, one Z-report per register and day; the
    first register's receipts 1-3 were never closed by a Z-report (taken into use before)."""
    rng = random.Random(33)
    store = create_store(session=session, slug="z-byn", name="Z-byn", org_number="769600-1234")
    sales: list[wire.Sale] = []
    zs: list[wire.ZReport] = []
    for register in REGISTERS:
        receipt, grand = 0, 0
        for z_number, day in enumerate(range(1, 17), start=1):
            chosen = []
            for _ in range(rng.randint(1, 5) + (3 if z_number == 1 else 0)):
                receipt += 1
                at = datetime(2026, 3, day, 8, tzinfo=UTC) + timedelta(minutes=7 * receipt)
                lines = tuple(
                    LineSpec(rng.choice(sorted(PRODUCTS)), rng.choice([1, 2, -1]), 1000)
                    for _ in range(rng.randint(1, 3))
                )
                chosen.append(make_sale(SaleSpec(at, lines), receipt, register))
            sales += chosen
            grand += sum(s.total_ore for s in chosen)
            if register == "kassa-1" and z_number == 1:
                chosen = chosen[3:]
            z = z_of(local_day(chosen[0].occurred_at).isoformat(), chosen, z_number, grand)
            zs.append(z.model_copy(update={"register_id": register}))
    record_sales(
        session=session,
        store_id=store.id,
        sales=list(enumerate(sales, start=1)),
        now=datetime(2026, 3, 17, tzinfo=UTC),
    )
    return store.id, sales, zs


def as_listed_before(
    sales: list[wire.Sale], zs: list[wire.ZReport], start: date
) -> dict[tuple[str, int], tuple[int, int]]:
    """The old list: the register's receipts before the first listed Z-report, plus the listed
    Z-reports' sales and returns in order."""
    result = {}
    for register in REGISTERS:
        listed = [z for z in zs if z.register_id == register and z.business_date >= start]
        first = listed[0].first_receipt
        assert first is not None
        before = [s.total_ore for s in sales if s.register_id == register]
        before = before[: first - 1]
        running = [sum(t for t in before if t > 0), sum(t for t in before if t < 0)]
        for z in listed:
            running = [running[0] + z.sales_ore, running[1] + z.returns_ore]
            if z.business_date <= END:
                result[(register, z.z_number)] = (running[0], running[1])
    return result


def listed(session: Session, store_id: int, start: date) -> dict[tuple[str, int], tuple[int, int]]:
    scope = ReportScope.of([store_id], start, END, "Europe/Stockholm")
    return {
        (z.register_id, z.z_number): (z.grand_total_sales_ore, z.grand_total_returns_ore)
        for z in z_reports(session=session, scope=scope)
    }


def test_grand_totals_kept_at_ingest_equal_the_receipts(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        MIGRATIONS.upgrade(engine)
        sessions = sessionmaker(engine, expire_on_commit=False)
        with sessions.begin() as session:
            store_id, sales, zs = trading(session)
            # The second register's Z-reports 6 and 9 arrive after 7 and 10 (out of order).
            late = [z for z in zs if z.register_id == "kassa-2" and z.z_number in (6, 9)]
            for seq, z in enumerate([z for z in zs if z not in late] + late, start=1):
                record_z_report(session=session, store_id=store_id, seq=seq, report=z)
        with sessions() as session:
            for start in STARTS:
                assert listed(session, store_id, start) == as_listed_before(sales, zs, start)
            last = listed(session, store_id, STARTS[0])[("kassa-2", 16)]
            assert sum(last) == sum(s.total_ore for s in sales if s.register_id == "kassa-2")
            assert any(s.total_ore < 0 for s in sales)
    finally:
        engine.dispose()


def test_migration_backfills_the_grand_totals_of_earlier_z_reports(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        MIGRATIONS.upgrade(engine, "0032")
        sessions = sessionmaker(engine, expire_on_commit=False)
        with sessions.begin() as session:
            store_id, sales, zs = trading(session)
        insert_old_rows(engine, store_id, zs)
        MIGRATIONS.upgrade(engine)
        with sessions() as session:
            for start in STARTS:
                assert listed(session, store_id, start) == as_listed_before(sales, zs, start)
    finally:
        engine.dispose()


def insert_old_rows(engine: Engine, store_id: int, zs: list[wire.ZReport]) -> None:
    """Z-reports as the backoffice held them before 0033 (no grand totals of their own)."""
    by_number: dict[str, int] = defaultdict(int)
    with engine.begin() as connection:
        for seq, z in enumerate(zs, start=1):
            by_number[z.register_id] += 1
            connection.execute(
                text(
                    "INSERT INTO z_reports (store_id, register_id, z_number, business_date, "
                    "opened_at, closed_at, receipt_count, sales_ore, returns_ore, "
                    "grand_total_ore, body, seq) VALUES (:s, :r, :n, :d, :o, :c, :k, :sa, :re, "
                    ":g, :b, :q)"
                ),
                {
                    "s": store_id,
                    "r": z.register_id,
                    "n": z.z_number,
                    "d": z.business_date,
                    "o": z.opened_at,
                    "c": z.closed_at,
                    "k": z.receipt_count,
                    "sa": z.sales_ore,
                    "re": z.returns_ore,
                    "g": z.grand_total_ore,
                    "b": json.dumps(z.model_dump(mode="json")),
                    "q": seq,
                },
            )
