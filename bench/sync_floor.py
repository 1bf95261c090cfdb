"""The sync bench's floor: COPY of the very rows a day of pushes stores, into the same tables.

`copy_floor(url, stores)` empties the data tables, then COPYs every store's rows (received
entries, visits, sales with their lines, VAT and payments, stock movements) in one
transaction through psycopg's `copy`, and returns the seconds it took. On-hand levels are
derived and not in the floor.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import psycopg
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from bench.sync_bench import StoreDay

DATA_TABLES = (
    "sync_received",
    "sale_lines",
    "sale_vat",
    "sale_payments",
    "stock_movements",
    "visits",
    "sales",
)


def copy_rows(stores: list[StoreDay]) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in DATA_TABLES}
    now = datetime.now(UTC)
    for store in stores:
        sid = store.store_id
        for entry in store.entries:
            p, seq = entry["payload"], entry["seq"]
            rows["sync_received"].append((sid, seq, p["kind"], p["occurred_at"], now))
            if p["kind"] == "visit":
                rows["visits"].append(
                    (
                        sid,
                        p["visit_id"],
                        p["occurred_at"],
                        p["outcome"],
                        None,
                        p["age"],
                        None,
                        None,
                        seq,
                    )
                )
            elif p["kind"] == "stock_movement":
                rows["stock_movements"].append(
                    (
                        sid,
                        p["movement_id"],
                        p["product_key"],
                        -1,
                        0,
                        "sale",
                        p["sale_id"],
                        p["occurred_at"],
                        seq,
                    )
                )
            else:
                rows["sales"].append(
                    (
                        sid,
                        p["sale_id"],
                        "kassa-1",
                        p["receipt_number"],
                        p["occurred_at"],
                        p["total_ore"],
                        None,
                        seq,
                        now,
                    )
                )
                for line in p["lines"]:
                    rows["sale_lines"].append(
                        (
                            sid,
                            p["sale_id"],
                            line["line_no"],
                            line["product_key"],
                            line["name"],
                            1,
                            None,
                            line["unit_price_ore"],
                            line["amount_ore"],
                            "food",
                            600,
                            0,
                        )
                    )
                vat = p["vat"][0]
                rows["sale_vat"].append(
                    (sid, p["sale_id"], 600, vat["gross_ore"], vat["vat_ore"], vat["net_ore"])
                )
                pay = p["payments"][0]
                rows["sale_payments"].append(
                    (
                        sid,
                        p["sale_id"],
                        1,
                        "swish",
                        pay["amount_ore"],
                        pay["reference"],
                        pay["confirmed_at"],
                    )
                )
    return rows


COLUMNS = {
    "sync_received": "store_id, seq, kind, created_at, received_at",
    "visits": "store_id, visit_id, occurred_at, outcome, identity_hash, age, door_opened_at, "
    "door_closed_at, seq",
    "stock_movements": "store_id, movement_id, product_key, quantity_delta, weight_delta_g, "
    "reason, sale_id, occurred_at, seq",
    "sales": "store_id, sale_id, register_id, receipt_number, occurred_at, total_ore, "
    "customer_hash, seq, received_at",
    "sale_lines": "store_id, sale_id, line_no, product_key, name, quantity, weight_g, "
    "unit_price_ore, amount_ore, vat_class, vat_rate_bp, age_limit",
    "sale_vat": "store_id, sale_id, rate_bp, gross_ore, vat_ore, net_ore",
    "sale_payments": "store_id, sale_id, position, method, amount_ore, reference, confirmed_at",
}
COPY_ORDER = (
    "sync_received",
    "visits",
    "sales",
    "stock_movements",
    "sale_lines",
    "sale_vat",
    "sale_payments",
)


def copy_floor(url: str, stores: list[StoreDay]) -> float:
    """Empty the data tables, then COPY the same rows back in one transaction; seconds."""
    rows = copy_rows(stores)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as connection:
        connection.execute("TRUNCATE " + ", ".join(DATA_TABLES) + ", stock_on_hand, sync_cursors")
        connection.commit()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for table in COPY_ORDER:
                with cursor.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(row)
        connection.commit()
        return time.perf_counter() - started
