"""Two applies of one pulled page at once (the stock loop and another pull; a `Resync` beside the
catalog loop; two member pulls), on real threads and a real SQLite file: both return without an
error, and what is stored is what one apply stores (the second waits for the first's write lock,
then finds the page applied). The first apply is held inside its transaction until the second has
either begun reading (as two deferred transactions did: the second then failed) or is waiting for
SQLite's write lock, seen in its thread's stack: no timing is assumed."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from retail import wire
from store_controller.db.sessions import engine_of
from store_controller.sync.book_stock import BookStock
from store_controller.sync.checkout_catalog import CheckoutCatalog
from store_controller.sync.member_standings import AccountStandings
from tests.store_controller.sync.harness import MILK, T0, controller_outbox

MILK_P = wire.Product(sku="mjolk", name="Mjölk", gtins=(MILK,), price_ore=1500, vat_class="food")
BEER = wire.Product(sku="ol", name="Öl", price_ore=2500, vat_class="standard", age_limit=18)
WAIT = 30.0  # only a bound on a hang: each wait ends on an event


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    with controller_outbox(tmp_path) as made:
        yield made


def waiting_for_the_write_lock(thread: threading.Thread) -> bool:
    """`thread` is in `begin_immediate`: the first apply holds the lock, so it waits there."""
    frame = sys._current_frames().get(thread.ident or -1)
    while frame is not None:
        if frame.f_code.co_name == "begin_immediate":
            return True
        frame = frame.f_back
    return False


def at_once(engine: Engine, apply: Callable[[], object], holds_after: str) -> list[object]:
    """`apply` in two threads: the first held after its statement naming `holds_after` until
    the second reads or waits for the write lock; each one's result or error."""
    held, second_reads = threading.Event(), threading.Event()
    threads: list[threading.Thread] = []
    results: list[object] = [None, None]

    def after(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if holds_after not in statement or held.is_set():
            return
        if threading.current_thread() is not threads[0]:
            return
        held.set()
        while not second_reads.wait(0.01):
            if waiting_for_the_write_lock(threads[1]) or not threads[1].is_alive():
                return

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if held.is_set() and threading.current_thread() is threads[1]:
            second_reads.set()

    def run(index: int) -> None:
        if index == 1:
            assert held.wait(WAIT)
        try:
            results[index] = apply()
        except Exception as exc:
            results[index] = exc

    event.listen(engine, "after_cursor_execute", after)
    event.listen(engine, "before_cursor_execute", before)
    try:
        threads.extend(threading.Thread(target=run, args=(i,)) for i in (0, 1))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT)
            assert not thread.is_alive()
    finally:
        event.remove(engine, "after_cursor_execute", after)
        event.remove(engine, "before_cursor_execute", before)
    assert held.is_set()
    return results


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    tables = ("products", "product_codes", "stock_levels", "stock_movements", "sync_state")
    with engine.connect() as connection:
        return {t: list(connection.execute(text(f"SELECT * FROM {t} ORDER BY 1"))) for t in tables}


def test_one_catalog_page_applied_twice_at_once(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    sink = CheckoutCatalog(sessions, lambda: T0)
    sink.apply(wire.CatalogChanges(since_revision=0, revision=2, full=True, products=(MILK_P,)))
    page = wire.CatalogChanges(
        since_revision=2, revision=5, products=(BEER,), removed_skus=("mjolk",)
    )
    engine = engine_of(sessions)
    results = at_once(engine, lambda: sink.apply(page), holds_after="FROM products")
    assert results == [None, None]
    twice = dump(engine)

    with controller_outbox(tmp_path / "once") as once:
        alone = CheckoutCatalog(once, lambda: T0)
        alone.apply(
            wire.CatalogChanges(since_revision=0, revision=2, full=True, products=(MILK_P,))
        )
        alone.apply(page)
        expected = dump(engine_of(once))
    assert strip_times(twice) == strip_times(expected)
    assert sink.revision() == 5


def test_one_stock_page_applied_twice_at_once(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    catalog = CheckoutCatalog(sessions, lambda: T0)
    catalog.apply(wire.CatalogChanges(since_revision=0, revision=2, full=True, products=(MILK_P,)))
    stock = BookStock(sessions, lambda: T0)
    page = stock_page()
    engine = engine_of(sessions)
    results = at_once(engine, lambda: stock.apply(page), holds_after="FROM stock_movements")
    assert results == [9, 9]
    twice = dump(engine)

    with controller_outbox(tmp_path / "once") as once:
        CheckoutCatalog(once, lambda: T0).apply(
            wire.CatalogChanges(since_revision=0, revision=2, full=True, products=(MILK_P,))
        )
        assert BookStock(once, lambda: T0).apply(page) == 9
        expected = dump(engine_of(once))
    assert strip_times(twice) == strip_times(expected)
    on_hand = [row[1] for row in twice["stock_levels"]]
    assert on_hand == [12 - 2]  # counted once


def stock_page() -> wire.StockChanges:
    movement = {"occurred_at": T0, "product_key": MILK}
    return wire.StockChanges(
        since=0,
        cursor=9,
        movements=(
            wire.BookMovement(book_id=4, quantity_delta=12, book_kind="delivery", **movement),
            wire.BookMovement(book_id=9, quantity_delta=-2, book_kind="waste", **movement),
        ),
    )


def strip_times(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows without the products' `updated_at` (the wall clock of each apply) and the
    stock levels' (the database's)."""
    kept = dict(tables)
    kept["products"] = [row[:-1] for row in tables["products"]]
    kept["stock_levels"] = [row[:-1] for row in tables["stock_levels"]]
    return kept


def test_one_member_list_applied_twice_at_once(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    """The members' apply writes first (the standings replaced), so the second apply waits
    for the first's commit before it reads the accounts, and inserts none of them twice."""
    sink = AccountStandings(sessions, lambda: T0)
    standings = wire.MemberStandings(
        members=(
            wire.MemberStanding(identity_hash="a" * 64, credit_limit_ore=50_000, balance_ore=-1200),
            wire.MemberStanding(identity_hash="b" * 64, blocked=True),
        )
    )
    engine = engine_of(sessions)
    snapshot = sink.snapshot()
    results = at_once(
        engine, lambda: sink.apply(standings, snapshot), holds_after="FROM member_accounts"
    )
    assert results == [None, None]
    twice = members(engine)

    with controller_outbox(tmp_path / "once") as once:
        alone = AccountStandings(once, lambda: T0)
        alone.apply(standings, alone.snapshot())
        assert members(engine_of(once)) == twice
    assert twice["member_accounts"] == [("a" * 64, 50_000, 1200)]


def members(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "member_accounts": "SELECT identity_hash, credit_limit_ore, balance_ore"
        " FROM member_accounts ORDER BY 1",
        "member_standings": "SELECT * FROM member_standings ORDER BY 1",
    }
    with engine.connect() as connection:
        return {name: list(connection.execute(text(q))) for name, q in queries.items()}
