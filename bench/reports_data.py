# ruff: noqa: E501 - the z_reports insert is one SQL statement
"""The reports bench's data: a generated year (2026, across the food VAT change) of trading for
REPORTS_BENCH_STORES stores, REPORTS_BENCH_SALES_PER_DAY sales a store and day, with sales, VAT
rows, payments, visits and daily Z-reports, loaded into PostgreSQL with COPY (the rollup
triggers run, as at ingest)."""

from __future__ import annotations

import io
import json
import os
import random
import time
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
from sqlalchemy import text

from backoffice.db import MIGRATIONS
from byabutik.runtime.db import make_engine
from retail.money import Money
from retail.vat import SWEDISH_VAT, VatClass, vat_included

ADMIN_URL = os.environ.get(
    "BYABUTIK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
STORES = int(os.environ.get("REPORTS_BENCH_STORES", "10"))
SALES_PER_DAY = int(os.environ.get("REPORTS_BENCH_SALES_PER_DAY", "137"))
PRODUCTS = 1500
RUNS = int(os.environ.get("REPORTS_BENCH_RUNS", "5"))
ZONE = ZoneInfo("Europe/Stockholm")
YEAR = 2026
CLASSES = [VatClass.FOOD] * 14 + [VatClass.STANDARD] * 4 + [VatClass.REDUCED, VatClass.ZERO]


def catalog(rng: random.Random) -> list[tuple[str, str, VatClass, int]]:
    return [
        (f"0731{i:010d}", f"Vara {i}", rng.choice(CLASSES), rng.randint(500, 12_000))
        for i in range(PRODUCTS)
    ]


class Copy:
    """Rows for one table, as COPY text."""

    def __init__(self, table: str, columns: str) -> None:
        self.table, self.columns, self.buffer = table, columns, io.StringIO()

    def row(self, *values: object) -> None:
        self.buffer.write("\t".join("\\N" if v is None else str(v) for v in values) + "\n")

    def send(self, cursor: psycopg.Cursor[Any]) -> None:
        with cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
            copy.write(self.buffer.getvalue())


def trade(
    store_ids: list[int], days: list[date], rng: random.Random, items: list[Any]
) -> tuple[dict[str, Copy], list[tuple[Any, ...]]]:
    """One COPY per table for `days` of trading of every store, and the Z-reports."""
    tables = {
        "sales": Copy(
            "sales",
            "store_id, sale_id, register_id, receipt_number, occurred_at, total_ore, "
            "customer_hash, seq, received_at",
        ),
        "sale_lines": Copy(
            "sale_lines",
            "store_id, sale_id, line_no, kind, product_key, name, quantity, weight_g, "
            "unit_price_ore, amount_ore, vat_class, vat_rate_bp, age_limit",
        ),
        "sale_vat": Copy("sale_vat", "store_id, sale_id, rate_bp, gross_ore, vat_ore, net_ore"),
        "sale_payments": Copy(
            "sale_payments",
            "store_id, sale_id, position, method, amount_ore, reference, confirmed_at",
        ),
        "visits": Copy(
            "visits",
            "store_id, visit_id, occurred_at, outcome, identity_hash, age, door_opened_at, "
            "door_closed_at, seq",
        ),
    }
    zs: list[tuple[Any, ...]] = []
    customers = [f"{i:064x}" for i in range(400)]
    for store_id in store_ids:
        receipt, seq, grand, split = 0, 0, 0, [0, 0]
        for number, day in enumerate(days, start=1):
            vat_day: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
            paid: dict[str, int] = defaultdict(int)
            first, totals = receipt + 1, [0, 0]
            midnight = datetime(day.year, day.month, day.day, tzinfo=ZONE)
            for _ in range(SALES_PER_DAY):
                receipt += 1
                seq += 1
                at = (midnight + timedelta(seconds=rng.randint(6 * 3600, 23 * 3600))).astimezone(
                    UTC
                )
                sale_id = uuid.uuid4()
                gross: dict[int, int] = defaultdict(int)
                total = 0
                for line_no in range(1, rng.choice((2, 3, 4, 5, 6)) + 1):
                    key, name, vat_class, price = rng.choice(items)
                    rate = SWEDISH_VAT.rate_bp(vat_class, day)
                    quantity = -1 if rng.random() < 0.004 else rng.choice((1, 1, 1, 2))
                    amount = quantity * price
                    tables["sale_lines"].row(
                        store_id,
                        sale_id,
                        line_no,
                        "goods",
                        key,
                        name,
                        quantity,
                        None,
                        price,
                        amount,
                        vat_class,
                        rate,
                        0,
                    )
                    gross[rate] += amount
                    total += amount
                for rate, amount in gross.items():
                    vat = vat_included(Money(amount), rate).ore
                    tables["sale_vat"].row(store_id, sale_id, rate, amount, vat, amount - vat)
                    for i, value in enumerate((amount, vat, amount - vat)):
                        vat_day[rate][i] += value
                method = "swish" if rng.random() < 0.8 else "member_account"
                paid[method] += total
                customer = rng.choice(customers)
                tables["sales"].row(
                    store_id,
                    sale_id,
                    "kassa-1",
                    receipt,
                    at.isoformat(),
                    total,
                    customer,
                    seq,
                    at.isoformat(),
                )
                tables["sale_payments"].row(
                    store_id, sale_id, 1, method, total, f"r{receipt}", at.isoformat()
                )
                tables["visits"].row(
                    store_id,
                    uuid.uuid4(),
                    (at - timedelta(minutes=3)).isoformat(),
                    "granted",
                    customer,
                    40,
                    None,
                    None,
                    seq,
                )
                totals[0 if total >= 0 else 1] += total
            grand += totals[0] + totals[1]
            split = [split[0] + totals[0], split[1] + totals[1]]
            body = {
                "kind": "z_report",
                "register_id": "kassa-1",
                "z_number": number,
                "business_date": day.isoformat(),
                "first_receipt": first,
                "last_receipt": receipt,
                "receipt_count": receipt - first + 1,
                "sales_ore": totals[0],
                "returns_ore": totals[1],
                "grand_total_ore": grand,
                "vat": [
                    {"rate_bp": r, "gross_ore": g, "vat_ore": v, "net_ore": n}
                    for r, (g, v, n) in sorted(vat_day.items(), reverse=True)
                ],
                "payments": [{"method": m, "amount_ore": a} for m, a in sorted(paid.items())],
            }
            closed = (midnight + timedelta(days=1, minutes=5)).astimezone(UTC)
            zs.append(
                (
                    store_id,
                    number,
                    day,
                    midnight.astimezone(UTC),
                    closed,
                    body,
                    totals,
                    grand,
                    split,
                )
            )
    return tables, zs


def load(url: str) -> list[int]:
    engine = make_engine(url)
    MIGRATIONS.upgrade(engine)
    with engine.begin() as connection:
        ids = []
        for i in range(1, STORES + 1):
            ids.append(
                connection.execute(
                    text(
                        "INSERT INTO stores (slug, name, org_number, address, created_at) "
                        "VALUES (:s, :n, '769600-1234', 'Byvägen 1', now()) RETURNING id"
                    ),
                    {"s": f"byn-{i}", "n": f"Byn {i}"},
                ).scalar_one()
            )
    engine.dispose()
    rng = random.Random(2026)
    items = catalog(rng)
    days = [date(YEAR, 1, 1) + timedelta(days=d) for d in range(365)]
    started = time.perf_counter()
    raw = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
    with raw, raw.cursor() as cursor:
        for store_id in ids:
            tables, zs = trade([store_id], days, rng, items)
            for name in ("sales", "sale_lines", "sale_vat", "sale_payments", "visits"):
                tables[name].send(cursor)
            cursor.executemany(
                "INSERT INTO z_reports (store_id, register_id, z_number, business_date, opened_at, "
                "closed_at, receipt_count, sales_ore, returns_ore, grand_total_ore, "
                "grand_sales_ore, grand_returns_ore, body, seq) "
                "VALUES (%s, 'kassa-1', %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (s, n, d, o, c, b["receipt_count"], t[0], t[1], g, *gs, json.dumps(b), n)
                    for s, n, d, o, c, b, t, g, gs in zs
                ],
            )
            raw.commit()
        cursor.execute("ANALYZE")
    lines = STORES * 365 * SALES_PER_DAY * 4
    print(
        f"loaded {STORES} stores x 365 days (~{lines:,} sale lines) in {time.perf_counter() - started:.0f} s"
    )
    return ids
