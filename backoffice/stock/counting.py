"""Stocktaking (a whole store or one shelf, scan by scan), waste with its reason, and transfers
between stores of one association: each ends as rows of the stock book."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.dialect import pg_connection, upsert_insert
from backoffice.errors import ConflictError, NotFoundError
from backoffice.stock.book import Move, ProductRef, book, products_by_key, sums
from backoffice.stock.book_models import Stocktake, StocktakeCount
from backoffice.stock.feed import lock_store_book
from backoffice.stores.models import Store
from retail.barcodes import ScanRejected, parse_scan

WASTE_REASONS = ("expired", "damaged", "stolen", "own_use")


class BadCodeError(ValueError):
    """A code that is no product key; the message says why."""


def product_key_of(code: str) -> str:
    """The product key of a scanned or typed code (GTIN, GS1 element string, article)."""
    scan = parse_scan(code)
    if isinstance(scan, ScanRejected):
        raise BadCodeError(f"{code[:40]!r} is not a product code: {scan.message}")
    return scan.product_key


def open_stocktake(
    session: Session, *, store_id: int, shelf: str | None, now: datetime
) -> Stocktake:
    stocktake = Stocktake(store_id=store_id, shelf=shelf, created_at=now)
    session.add(stocktake)
    session.flush()
    return stocktake


def _open(session: Session, store_id: int, stocktake_id: int) -> Stocktake:
    stocktake = session.get(Stocktake, stocktake_id)
    found = None if stocktake is None else (stocktake.store_id, stocktake.status)
    _must_be_open(stocktake_id, store_id, found)
    assert stocktake is not None
    return stocktake


def _must_be_open(stocktake_id: int, store_id: int, found: tuple[int, str] | None) -> None:
    """Refuse a stocktake (its store and status as `found`) that is not this store's open one."""
    if found is None or found[0] != store_id:
        raise NotFoundError(f"no stocktake {stocktake_id} in this store")
    if found[1] != "open":
        raise ConflictError(f"stocktake {stocktake_id} is already committed")


STOCKTAKE_SQL = "SELECT store_id, status FROM stocktakes WHERE id = %s"
ADD_COUNT_SQL = """
INSERT INTO stocktake_counts AS c (stocktake_id, product_key, counted, updated_at)
VALUES (%s, %s, %s, %s)
ON CONFLICT (stocktake_id, product_key) DO UPDATE SET
    counted = c.counted + excluded.counted, updated_at = excluded.updated_at
RETURNING counted"""
"""A scan's two statements as fixed text on PostgreSQL's driver: a phone scans an item every
second or two, and building, compiling and ORM-loading them was most of a scan's Python."""


def scan(
    session: Session, *, store_id: int, stocktake_id: int, code: str, quantity: int, now: datetime
) -> tuple[str, int]:
    """Add `quantity` counted pieces of the scanned product: one atomic upsert, so two phones
    counting the same shelf never lose a scan. The product key and its count now."""
    connection = pg_connection(session)
    if connection is not None:
        _must_be_open(
            stocktake_id, store_id, connection.execute(STOCKTAKE_SQL, (stocktake_id,)).fetchone()
        )
        key = product_key_of(code)
        row = connection.execute(ADD_COUNT_SQL, (stocktake_id, key, quantity, now)).fetchone()
        assert row is not None
        return key, int(row[0])
    _open(session, store_id, stocktake_id)
    key = product_key_of(code)
    statement = upsert_insert(session, StocktakeCount).values(
        stocktake_id=stocktake_id, product_key=key, counted=quantity, updated_at=now
    )
    counted = session.execute(
        statement.on_conflict_do_update(
            index_elements=["stocktake_id", "product_key"],
            set_={"counted": StocktakeCount.counted + quantity, "updated_at": now},
        ).returning(StocktakeCount.counted)
    ).scalar_one()
    return key, int(counted)


@dataclass(frozen=True, slots=True)
class Difference:
    product_key: str
    name: str | None
    expected: int
    counted: int
    difference: int
    """counted - expected: negative is shrinkage."""


def differences(session: Session, *, store_id: int, stocktake_id: int) -> list[Difference]:
    """Counted against the book. A shelf count compares what was counted; a whole-store count
    also lists each product the book holds that nobody counted (counted 0)."""
    stocktake = session.get(Stocktake, stocktake_id)
    if stocktake is None or stocktake.store_id != store_id:
        raise NotFoundError(f"no stocktake {stocktake_id} in this store")
    counts = {
        c.product_key: int(c.counted)
        for c in session.scalars(
            select(StocktakeCount).where(StocktakeCount.stocktake_id == stocktake_id)
        )
    }
    book_sums = sums(session, store_id, None if stocktake.shelf is None else counts)
    keys = set(counts) | (
        {k for k, (q, _) in book_sums.items() if q} if stocktake.shelf is None else set()
    )
    refs = products_by_key(session, keys)
    result = []
    for key in sorted(keys):
        expected = book_sums.get(key, (0, 0))[0]
        counted = counts.get(key, 0)
        ref = refs.get(key)
        result.append(
            Difference(key, ref.name if ref else None, expected, counted, counted - expected)
        )
    return result


def commit_stocktake(
    session: Session, *, store_id: int, stocktake_id: int, reason: str, now: datetime
) -> list[Difference]:
    """Book each difference as a stocktake movement (the shrinkage) and close the count."""
    stocktake = _open(session, store_id, stocktake_id)
    found = differences(session, store_id=store_id, stocktake_id=stocktake_id)
    refs = products_by_key(session, [d.product_key for d in found])
    moves = [
        Move(d.product_key, d.difference, cost_ore=_cost(refs, d.product_key))
        for d in found
        if d.difference
    ]
    book(
        session,
        store_id=store_id,
        kind="stocktake",
        source=f"stocktake:{stocktake_id}",
        moves=moves,
        now=now,
        reason=reason,
    )
    stocktake.status, stocktake.reason, stocktake.committed_at = "committed", reason, now
    return found


def _cost(refs: Mapping[str, ProductRef], key: str) -> int | None:
    ref = refs.get(key)
    return None if ref is None else ref.cost_ore


def write_off(
    session: Session, *, store_id: int, code: str, quantity: int, reason: str, now: datetime
) -> str:
    """Waste: take `quantity` pieces out of the book for `reason`; the product key."""
    if reason not in WASTE_REASONS:
        raise BadCodeError(f"reason must be one of {', '.join(WASTE_REASONS)}")
    key = product_key_of(code)
    cost = _cost(products_by_key(session, [key]), key)
    book(
        session,
        store_id=store_id,
        kind="waste",
        source="waste",
        moves=[Move(key, -quantity, cost_ore=cost)],
        now=now,
        reason=reason,
    )
    return key


def transfer(
    session: Session, *, source: Store, target: Store, lines: list[tuple[str, int]], now: datetime
) -> int:
    """Move pieces from one store to another of the same association (same org number)."""
    if source.id == target.id:
        raise ConflictError("a transfer goes to another store")
    if source.org_number != target.org_number:
        raise ConflictError(f"{target.slug!r} belongs to another association than {source.slug!r}")
    keyed = [(product_key_of(code), quantity) for code, quantity in lines]
    refs = products_by_key(session, [k for k, _ in keyed])
    label = f"transfer:{source.slug}->{target.slug}"[:60]
    out = [Move(k, -q, cost_ore=_cost(refs, k)) for k, q in keyed]
    into = [Move(k, q, cost_ore=_cost(refs, k)) for k, q in keyed]
    for store_id in sorted((source.id, target.id)):  # two opposite transfers never deadlock
        lock_store_book(session, store_id)
    book(session, store_id=source.id, kind="transfer_out", source=label, moves=out, now=now)
    return book(session, store_id=target.id, kind="transfer_in", source=label, moves=into, now=now)
