"""The simulator's payments and refunds in a SQLite file, so a restart forgets nothing.

A store recovering a payment after a crash asks Swish about it, perhaps minutes later; the real
Swish remembers, so the simulator must too (`byabutik simulate swish --state-file`). Each
request and refund is one row of JSON, written (and committed) on every change under the
store's lock. A request's age survives a restart through its wall-clock creation time, so
expiry (TM01) still happens when it should.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from swish_merchant.models import SwishStatus

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS payments (id TEXT PRIMARY KEY, record TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS refunds (id TEXT PRIMARY KEY, record TEXT NOT NULL)",
)

SAVE = {
    "payments": "INSERT OR REPLACE INTO payments (id, record) VALUES (?, ?)",
    "refunds": "INSERT OR REPLACE INTO refunds (id, record) VALUES (?, ?)",
}
LOAD = {"payments": "SELECT record FROM payments", "refunds": "SELECT record FROM refunds"}


class StateFile:
    """Rows of the simulator's payments (`payments`) and refunds (`refunds`), as JSON."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        for statement in SCHEMA:
            self._db.execute(statement)

    def save(self, table: str, key: str, record: dict[str, Any]) -> None:
        text = json.dumps(record, separators=(",", ":"))
        with self._lock:
            self._db.execute(SAVE[table], (key, text))

    def load(self, table: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(LOAD[table]).fetchall()
        return [json.loads(row[0]) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def read_when(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def payment_record(payment: Any) -> dict[str, Any]:
    """A `SimPayment` as a JSON record (its monotonic `created_at` is not kept)."""
    return {
        "id": payment.id,
        "body": payment.body,
        "token": payment.token,
        "date_created": when(payment.date_created),
        "scenario": payment.scenario,
        "status": payment.status.value,
        "payment_reference": payment.payment_reference,
        "date_paid": when(payment.date_paid),
        "error_code": payment.error_code,
        "refunded": str(payment.refunded),
    }


def payment_fields(record: dict[str, Any], *, age_s: float, monotonic: float) -> dict[str, Any]:
    """`SimPayment`'s keyword arguments from a record, `age_s` seconds old now."""
    return {
        "id": record["id"],
        "body": record["body"],
        "token": record["token"],
        "created_at": monotonic - max(age_s, 0.0),
        "date_created": read_when(record["date_created"]),
        "scenario": record["scenario"],
        "status": SwishStatus(record["status"]),
        "payment_reference": record["payment_reference"],
        "date_paid": read_when(record["date_paid"]),
        "error_code": record["error_code"],
        "refunded": Decimal(record["refunded"]),
    }


def refund_record(refund: Any) -> dict[str, Any]:
    return {
        "id": refund.id,
        "body": refund.body,
        "date_created": when(refund.date_created),
        "status": refund.status,
        "payment_reference": refund.payment_reference,
        "date_paid": when(refund.date_paid),
        "error_code": refund.error_code,
    }


def refund_fields(record: dict[str, Any], *, age_s: float, monotonic: float) -> dict[str, Any]:
    """`SimRefund`'s keyword arguments; a CREATED refund is paid on time after a restart."""
    return {
        "id": record["id"],
        "body": record["body"],
        "date_created": read_when(record["date_created"]),
        "created_at": monotonic - max(age_s, 0.0),
        "status": record["status"],
        "payment_reference": record["payment_reference"],
        "date_paid": read_when(record["date_paid"]),
        "error_code": record.get("error_code"),
    }
